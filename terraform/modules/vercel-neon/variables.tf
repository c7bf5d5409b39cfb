variable "environment" {
  type        = string
  description = "Environment name (staging or production); used in project names and SENTRY_ENVIRONMENT."

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "name_prefix" {
  type        = string
  description = "Prefix of the Vercel and Neon project names, e.g. tika -> tika-staging."
  default     = "tika"
}

variable "neon_region_id" {
  type        = string
  description = "Neon region, e.g. aws-eu-central-1. Keep it next to the Vercel functions' region."
  default     = "aws-eu-central-1"
}

variable "neon_pg_version" {
  type        = number
  description = "Postgres major version of the Neon project."
  default     = 17
}

variable "database_name" {
  type        = string
  description = "Name of the application database."
  default     = "tika"
}

variable "owner_role_name" {
  type        = string
  description = "Neon role that owns the schema and runs migrations (DATABASE_OWNER_URL). Never used at run time."
  default     = "tika_owner"
}

variable "runtime_role_name" {
  type        = string
  description = "Neon login role the app connects with (DATABASE_URL); migrations grant it membership of tika_app."
  default     = "tika_runtime"
}

variable "preview_branches" {
  type        = set(string)
  description = "Git branches that get their own Neon branch (copy-on-write from the main branch) and preview-scoped DATABASE_URL variables."
  default     = []
}

variable "github_repo" {
  type        = string
  description = "GitHub repository connected to the Vercel project, as owner/name."
}

variable "production_branch" {
  type        = string
  description = "Git branch Vercel deploys to this environment's production target."
  default     = "main"
}

variable "vercel_team_id" {
  type        = string
  description = "Vercel team that owns the project; null for a personal account."
  default     = null
}

variable "serverless_function_region" {
  type        = string
  description = "Vercel function region, close to the Neon region (fra1 for aws-eu-central-1)."
  default     = "fra1"
}

variable "app_url" {
  type        = string
  description = "Public URL of this environment (APP_URL)."
}

variable "better_auth_secret" {
  type        = string
  description = "BETTER_AUTH_SECRET for this environment: at least 32 random characters. Pass via TF_VAR_better_auth_secret or a secret manager, never in a .tfvars file in git."
  sensitive   = true
}

variable "metrics_token" {
  type        = string
  description = "Bearer token that protects /api/metrics (METRICS_TOKEN)."
  sensitive   = true
}

variable "sentry_dsn" {
  type        = string
  description = "Sentry DSN (SENTRY_DSN); empty disables Sentry."
  sensitive   = true
  default     = ""
}

variable "upstash_redis_rest_url" {
  type        = string
  description = "Upstash REST URL for the rate limiter on Vercel (UPSTASH_REDIS_REST_URL)."
  default     = ""
}

variable "upstash_redis_rest_token" {
  type        = string
  description = "Upstash REST token (UPSTASH_REDIS_REST_TOKEN)."
  sensitive   = true
  default     = ""
}

variable "unleash_url" {
  type        = string
  description = "Unleash API URL (UNLEASH_URL); empty disables remote flags."
  default     = ""
}

variable "unleash_api_token" {
  type        = string
  description = "Unleash client token (UNLEASH_API_TOKEN)."
  sensitive   = true
  default     = ""
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of the app."
  default     = "info"
}
