{{/*
Chart name, overridable with nameOverride.
*/}}
{{- define "mla.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name "<release>-<chart>" (just "<release>" when the release name already contains the chart name),
overridable with fullnameOverride. Kept at 50 characters so that "-<component>" suffixes stay within 63.
*/}}
{{- define "mla.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of a component's resources. Call with (dict "ctx" $ "component" "webhooks").
*/}}
{{- define "mla.componentFullname" -}}
{{- printf "%s-%s" (include "mla.fullname" .ctx) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart label value "<name>-<version>".
*/}}
{{- define "mla.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource.
*/}}
{{- define "mla.labels" -}}
helm.sh/chart: {{ include "mla.chart" . }}
{{ include "mla.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mla
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels shared by the whole release.
*/}}
{{- define "mla.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mla.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of a component's resources. Call with (dict "ctx" $ "component" "webhooks").
*/}}
{{- define "mla.componentLabels" -}}
{{ include "mla.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Selector labels of a component. Call with (dict "ctx" $ "component" "webhooks").
*/}}
{{- define "mla.componentSelectorLabels" -}}
{{ include "mla.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Image of a service: "<registry>/<name>:<tag or appVersion>". Call with (dict "ctx" $ "name" "mla-webhooks").
*/}}
{{- define "mla.image" -}}
{{- $image := .ctx.Values.image }}
{{- printf "%s/%s:%s" (trimSuffix "/" $image.registry) .name ($image.tag | default .ctx.Chart.AppVersion) }}
{{- end }}

{{/*
Name of the Secret with the passwords: existingSecret, or the one this chart creates.
*/}}
{{- define "mla.secretName" -}}
{{- default (include "mla.fullname" .) .Values.existingSecret }}
{{- end }}

{{/*
Checksum of the secret values given in values, so that pods restart when one of them changes. A generated
webhook secret is stable across upgrades and therefore not part of it.
*/}}
{{- define "mla.secretChecksum" -}}
{{- $given := dict "existingSecret" .Values.existingSecret "rabbitMqPassword" .Values.bus.rabbitMq.password "webhookSecret" .Values.webhooks.secret "catalog" .Values.webhooks.catalog.connectionString "tenants" .Values.tenants.database.connectionString }}
{{- toJson $given | sha256sum }}
{{- end }}

{{/*
Name of the ServiceAccount of the MLA pods.
*/}}
{{- define "mla.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mla.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Environment of the control-plane bus (Mla__Bus__*), the same in every MLA container. Use with nindent 12.
*/}}
{{- define "mla.busEnv" -}}
- name: Mla__Bus__Transport
  value: {{ .Values.bus.transport | quote }}
{{- if eq .Values.bus.transport "RabbitMq" }}
- name: Mla__Bus__RabbitMq__Host
  value: {{ .Values.bus.rabbitMq.host | quote }}
- name: Mla__Bus__RabbitMq__Port
  value: {{ .Values.bus.rabbitMq.port | int64 | quote }}
- name: Mla__Bus__RabbitMq__VirtualHost
  value: {{ .Values.bus.rabbitMq.virtualHost | quote }}
- name: Mla__Bus__RabbitMq__Username
  value: {{ .Values.bus.rabbitMq.username | quote }}
- name: Mla__Bus__RabbitMq__Password
  valueFrom:
    secretKeyRef:
      name: {{ include "mla.secretName" . }}
      key: rabbitmq-password
{{- end }}
{{- end }}

{{/*
Who may call the admin API (Mla__Access__*), the same in every MLA container: hashed bearer tokens with a role and
OIDC JWTs. Use with nindent 12.
*/}}
{{- define "mla.accessEnv" -}}
{{- range .Values.access.tokens }}
- name: Mla__Access__Tokens__{{ .caller }}__Sha256
  value: {{ .sha256 | quote }}
- name: Mla__Access__Tokens__{{ .caller }}__Role
  value: {{ .role | quote }}
{{- end }}
{{- with .Values.access.oidc }}
{{- if .issuer }}
- name: Mla__Access__Oidc__Issuer
  value: {{ .issuer | quote }}
{{- if not .roles }}
{{- fail "access.oidc.roles must map at least one claim value to a role when access.oidc.issuer is set (e.g. {mla-operators: operator}): without it no JWT may do anything and the services refuse to start" }}
{{- end }}
- name: Mla__Access__Oidc__Audience
  value: {{ required "access.oidc.audience is required when access.oidc.issuer is set" .audience | quote }}
- name: Mla__Access__Oidc__RoleClaim
  value: {{ .roleClaim | quote }}
- name: Mla__Access__Oidc__NameClaim
  value: {{ .nameClaim | quote }}
{{- range $value, $role := .roles }}
- name: Mla__Access__Oidc__Roles__{{ $value }}
  value: {{ $role | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The internal token a service sends to the tenant service (role internal there), as ENV_NAME. Use with nindent 12.
Required: the tenant service answers its tenant list only to a caller with a role, so without the token the
gateway would never become ready and the writer would never learn a tenant.
*/}}
{{- define "mla.internalTokenEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ required "tenants.internalToken.existingSecret is required when tenants.enabled and the gateway or the writer runs: the name of a Secret holding the token they send to the tenant service (put its SHA-256 into access.tokens with role internal)" .ctx.Values.tenants.internalToken.existingSecret }}
      key: {{ .ctx.Values.tenants.internalToken.key | quote }}
{{- end }}

{{/*
Base URL of the tenant service inside the cluster, e.g. "http://<release>-mla-tenants:8080".
*/}}
{{- define "mla.tenantsUrl" -}}
{{- printf "http://%s:%d" (include "mla.componentFullname" (dict "ctx" . "component" "tenants")) (.Values.tenants.service.port | int64) }}
{{- end }}
