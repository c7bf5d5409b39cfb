module "vercel_neon" {
  source = "../../modules/vercel-neon"
  count  = var.enable_vercel ? 1 : 0

  environment        = "production"
  github_repo        = var.github_repo
  production_branch  = "main"
  vercel_team_id     = var.vercel_team_id
  app_url            = var.app_url
  preview_branches   = var.preview_branches
  better_auth_secret = var.better_auth_secret
  metrics_token      = var.metrics_token
  sentry_dsn         = var.sentry_dsn
  log_level          = "info"
}

module "kubernetes" {
  source = "../../modules/kubernetes"
  count  = var.enable_kubernetes ? 1 : 0

  environment        = "production"
  namespace          = "tika"
  image_tag          = var.image_tag
  app_url            = var.app_url
  cluster_issuer     = "letsencrypt-prod"
  values_files       = ["${path.module}/../../../helm/tika/values-prod.yaml"]
  database_url       = var.k8s_database_url
  database_owner_url = var.k8s_database_owner_url
  better_auth_secret = var.better_auth_secret
  metrics_token      = var.metrics_token
  sentry_dsn         = var.sentry_dsn
  # Secrets come from this module, not from External Secrets, in this composition.
  extra_values = {
    externalSecrets = { enabled = false }
  }
}
