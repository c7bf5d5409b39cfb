variable "github_repo" {
  type        = string
  description = "GitHub repository (owner/name) connected to Vercel."
}

variable "vercel_team_id" {
  type        = string
  description = "Vercel team id; null for a personal account."
  default     = null
}

variable "app_url" {
  type        = string
  description = "Public URL of production."
  default     = "https://tika.example.com"
}

variable "preview_branches" {
  type        = set(string)
  description = "Git branches that get a Neon branch and preview-scoped database URLs."
  default     = []
}

variable "enable_vercel" {
  type        = bool
  description = "Provision the Vercel + Neon stack for this environment."
  default     = true
}

variable "enable_kubernetes" {
  type        = bool
  description = "Install the Helm chart into a Kubernetes cluster for this environment."
  default     = false
}

variable "kubeconfig_path" {
  type        = string
  description = "Path of the kubeconfig for the Kubernetes and Helm providers."
  default     = "~/.kube/config"
}

variable "kube_context" {
  type        = string
  description = "kubeconfig context of the production cluster."
  default     = null
}

variable "image_tag" {
  type        = string
  description = "Tika image tag deployed to Kubernetes."
  default     = "0.1.0"
}

variable "better_auth_secret" {
  type        = string
  description = "BETTER_AUTH_SECRET (TF_VAR_better_auth_secret)."
  sensitive   = true
}

variable "metrics_token" {
  type        = string
  description = "METRICS_TOKEN (TF_VAR_metrics_token)."
  sensitive   = true
}

variable "sentry_dsn" {
  type        = string
  description = "SENTRY_DSN (TF_VAR_sentry_dsn); empty disables Sentry."
  sensitive   = true
  default     = ""
}

variable "k8s_database_url" {
  type        = string
  description = "Runtime DATABASE_URL of the Kubernetes install (its own Postgres)."
  sensitive   = true
  default     = ""
}

variable "k8s_database_owner_url" {
  type        = string
  description = "Owner DATABASE_OWNER_URL of the Kubernetes install."
  sensitive   = true
  default     = ""
}
