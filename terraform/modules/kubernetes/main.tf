# Tika on Kubernetes: namespace, the two credential Secrets (runtime and owner are kept
# apart) and the Helm release of helm/tika pointing at them through existingSecret.

locals {
  host = regex("^https?://([^/:]+)", var.app_url)[0]

  runtime_secret = {
    DATABASE_URL       = var.database_url
    BETTER_AUTH_SECRET = var.better_auth_secret
    METRICS_TOKEN      = var.metrics_token
    REDIS_URL          = var.redis_url
    SENTRY_DSN         = var.sentry_dsn
    UNLEASH_API_TOKEN  = var.unleash_api_token
  }

  backup_enabled = nonsensitive(var.backup_database_url != "")

  release_values = {
    image = {
      repository = var.image_repository
      tag        = var.image_tag
    }
    config = {
      appUrl            = var.app_url
      sentryEnvironment = var.environment
      rateLimitBackend  = nonsensitive(var.redis_url != "") ? "redis" : "memory"
    }
    secrets = {
      create         = false
      existingSecret = kubernetes_secret_v1.runtime.metadata[0].name
    }
    externalSecrets = { enabled = false }
    migrations = {
      secret = {
        create         = false
        existingSecret = kubernetes_secret_v1.migrate.metadata[0].name
      }
    }
    backup = {
      enabled = local.backup_enabled
      databaseUrlSecret = {
        name = local.backup_enabled ? kubernetes_secret_v1.backup[0].metadata[0].name : ""
        key  = "BACKUP_DATABASE_URL"
      }
    }
    ingress = {
      enabled = true
      annotations = {
        "cert-manager.io/cluster-issuer" = var.cluster_issuer
      }
      hosts = [{ host = local.host, paths = [{ path = "/", pathType = "Prefix" }] }]
      tls   = [{ secretName = "${var.release_name}-tls", hosts = [local.host] }]
    }
  }
}

resource "kubernetes_namespace_v1" "this" {
  metadata {
    name = var.namespace
    labels = {
      "app.kubernetes.io/part-of"          = "tika"
      "tika.dev/environment"               = var.environment
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}

resource "kubernetes_secret_v1" "runtime" {
  metadata {
    name      = "${var.release_name}-runtime"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  data = { for k, v in local.runtime_secret : k => v if v != "" }
}

resource "kubernetes_secret_v1" "migrate" {
  metadata {
    name      = "${var.release_name}-owner"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  data = {
    DATABASE_OWNER_URL = var.database_owner_url
    DATABASE_URL       = var.database_url
  }
}

resource "kubernetes_secret_v1" "backup" {
  count = local.backup_enabled ? 1 : 0

  metadata {
    name      = "${var.release_name}-backup"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  data = {
    BACKUP_DATABASE_URL = var.backup_database_url
  }
}

resource "helm_release" "tika" {
  name      = var.release_name
  namespace = kubernetes_namespace_v1.this.metadata[0].name
  chart     = var.chart_path
  version   = var.chart_version

  # The migration Job is a pre-upgrade hook; wait for it and for the rollout.
  wait             = true
  wait_for_jobs    = true
  timeout          = 900
  atomic           = true
  cleanup_on_fail  = true
  max_history      = 10
  create_namespace = false

  values = concat(
    [for f in var.values_files : file(f)],
    [yamlencode(local.release_values), yamlencode(var.extra_values)],
  )
}
