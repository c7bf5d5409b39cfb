output "namespace" {
  description = "Namespace Tika runs in."
  value       = kubernetes_namespace_v1.this.metadata[0].name
}

output "release_name" {
  description = "Helm release name."
  value       = helm_release.tika.name
}

output "release_revision" {
  description = "Helm release revision after this apply."
  value       = helm_release.tika.metadata[0].revision
}

output "runtime_secret_name" {
  description = "Name of the Secret with the runtime credentials (the values stay in state, which must be encrypted)."
  value       = kubernetes_secret_v1.runtime.metadata[0].name
}

output "database_owner_url" {
  description = "Owner URL as given to the migration Job, for break-glass use."
  value       = var.database_owner_url
  sensitive   = true
}
