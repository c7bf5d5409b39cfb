output "vercel_project_id" {
  description = "Vercel project id, for the deploy workflow's VERCEL_PROJECT_ID."
  value       = var.enable_vercel ? module.vercel_neon[0].vercel_project_id : null
}

output "neon_project_id" {
  description = "Neon project id."
  value       = var.enable_vercel ? module.vercel_neon[0].neon_project_id : null
}

output "database_owner_url" {
  description = "Owner URL for running migrations by hand (break-glass)."
  value       = var.enable_vercel ? module.vercel_neon[0].database_owner_url : null
  sensitive   = true
}

output "kubernetes_namespace" {
  description = "Namespace of the Kubernetes install."
  value       = var.enable_kubernetes ? module.kubernetes[0].namespace : null
}
