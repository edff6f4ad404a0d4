// Skeleton: the server branch replaces this with the start-up that prints the kubeconfig.
return 0;
