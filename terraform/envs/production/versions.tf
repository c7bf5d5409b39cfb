terraform {
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    vercel = {
      source  = "vercel/vercel"
      version = "~> 3.15"
    }
    neon = {
      source  = "kislerdm/neon"
      version = "~> 0.9"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.35"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17"
    }
  }
}

# Credentials come from the environment, never from files in git:
#   VERCEL_API_TOKEN, NEON_API_KEY, KUBE_CONFIG_PATH (or the CI's OIDC-issued kubeconfig).
provider "vercel" {
  team = var.vercel_team_id
}

provider "neon" {}

provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kube_context
}

provider "helm" {
  kubernetes {
    config_path    = var.kubeconfig_path
    config_context = var.kube_context
  }
}
