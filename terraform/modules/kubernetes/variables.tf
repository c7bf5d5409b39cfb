variable "environment" {
  type        = string
  description = "Environment name (staging or production)."

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "namespace" {
  type        = string
  description = "Namespace Tika is installed into; created by this module."
  default     = "tika"
}

variable "release_name" {
  type        = string
  description = "Helm release name. Keep \"tika\" when the Argo Rollouts manifests in deploy/argocd are used."
  default     = "tika"
}

variable "chart_path" {
  type        = string
  description = "Path (or OCI reference) of the Tika chart."
  default     = "../../../helm/tika"
}

variable "chart_version" {
  type        = string
  description = "Chart version, used when chart_path is a repository or OCI reference; null for a local path."
  default     = null
}

variable "image_tag" {
  type        = string
  description = "Tika image tag to deploy (a released version, never latest)."

  validation {
    condition     = can(regex("^v?[0-9]+\\.[0-9]+\\.[0-9]+", var.image_tag))
    error_message = "image_tag must be a semantic version such as 0.1.0."
  }
}

variable "image_repository" {
  type        = string
  description = "Image repository without registry, e.g. tika-org/tika."
  default     = "tika-org/tika"
}

variable "values_files" {
  type        = list(string)
  description = "Chart values files applied in order (e.g. values-prod.yaml)."
  default     = []
}

variable "app_url" {
  type        = string
  description = "Public URL (APP_URL); its host is used for the Ingress and its TLS certificate."
}

variable "cluster_issuer" {
  type        = string
  description = "cert-manager ClusterIssuer for the Ingress certificate."
  default     = "letsencrypt-prod"
}

variable "database_url" {
  type        = string
  description = "Runtime DATABASE_URL (login role that is a member of tika_app)."
  sensitive   = true
}

variable "database_owner_url" {
  type        = string
  description = "Owner DATABASE_OWNER_URL, given only to the migration hook Job."
  sensitive   = true
}

variable "backup_database_url" {
  type        = string
  description = "URL for pg_dump (a role with BYPASSRLS); empty disables the backup CronJob."
  sensitive   = true
  default     = ""
}

variable "better_auth_secret" {
  type        = string
  description = "BETTER_AUTH_SECRET (at least 32 random characters)."
  sensitive   = true
}

variable "metrics_token" {
  type        = string
  description = "Bearer token for /api/metrics; the ServiceMonitor reads it from the same Secret."
  sensitive   = true
}

variable "redis_url" {
  type        = string
  description = "REDIS_URL for the rate limiter; empty keeps the in-memory limiter."
  sensitive   = true
  default     = ""
}

variable "sentry_dsn" {
  type        = string
  description = "SENTRY_DSN; empty disables Sentry."
  sensitive   = true
  default     = ""
}

variable "unleash_api_token" {
  type        = string
  description = "UNLEASH_API_TOKEN."
  sensitive   = true
  default     = ""
}

variable "extra_values" {
  type        = any
  description = "Extra chart values merged last (non-secret settings only)."
  default     = {}
}
