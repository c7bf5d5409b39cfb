output "neon_project_id" {
  description = "Neon project id."
  value       = neon_project.this.id
}

output "neon_host" {
  description = "Direct (unpooled) host of the main branch endpoint."
  value       = neon_endpoint.main.host
}

output "vercel_project_id" {
  description = "Vercel project id (VERCEL_PROJECT_ID in the deploy workflow)."
  value       = vercel_project.this.id
}

output "database_url" {
  description = "Runtime connection URL (pooled, runtime role)."
  value       = local.runtime_url
  sensitive   = true
}

output "database_owner_url" {
  description = "Owner connection URL (direct, owner role) for migrations only."
  value       = local.owner_url
  sensitive   = true
}

output "preview_branch_hosts" {
  description = "Direct host of each preview branch's endpoint, by git branch."
  value       = { for k, e in neon_endpoint.preview : k => e.host }
}
