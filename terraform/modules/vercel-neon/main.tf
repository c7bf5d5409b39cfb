# Tika on Vercel + Neon: one Neon project and one Vercel project per environment.
# Roles: the owner runs migrations (a deploy step, see vercel.json / docs/deploy-vercel.md);
# the runtime role is what the functions log in as. RLS holds because every request
# switches to the NOLOGIN role tika_app inside its transaction (roles created through the
# Neon API are members of neon_superuser, which bypasses RLS on its own).

locals {
  project_name = "${var.name_prefix}-${var.environment}"

  # Pooled host for the functions: Neon's pooler is the endpoint host with "-pooler".
  pooled_host = replace(neon_endpoint.main.host, neon_endpoint.main.id, "${neon_endpoint.main.id}-pooler")

  runtime_url = format(
    "postgresql://%s:%s@%s/%s?sslmode=require",
    neon_role.runtime.name, urlencode(neon_role.runtime.password), local.pooled_host, neon_database.app.name,
  )
  owner_url = format(
    "postgresql://%s:%s@%s/%s?sslmode=require",
    neon_role.owner.name, urlencode(neon_role.owner.password), neon_endpoint.main.host, neon_database.app.name,
  )

  plain_env = {
    DATABASE_DRIVER = "neon"
    APP_URL         = var.app_url
    # Vercel's edge sets X-Forwarded-For to the client's address (overwriting what the client sent): one hop.
    TRUSTED_PROXIES      = "1"
    RATE_LIMIT_BACKEND   = var.upstash_redis_rest_url == "" ? "memory" : "upstash"
    RATE_LIMIT_FAIL_MODE = "open"
    LOG_LEVEL            = var.log_level
    SENTRY_ENVIRONMENT   = var.environment
    UNLEASH_URL          = var.unleash_url
  }

  secret_env = {
    BETTER_AUTH_SECRET       = var.better_auth_secret
    METRICS_TOKEN            = var.metrics_token
    SENTRY_DSN               = var.sentry_dsn
    UPSTASH_REDIS_REST_URL   = var.upstash_redis_rest_url
    UPSTASH_REDIS_REST_TOKEN = var.upstash_redis_rest_token
    UNLEASH_API_TOKEN        = var.unleash_api_token
  }
}

# ---- Neon ----

resource "neon_project" "this" {
  name       = local.project_name
  region_id  = var.neon_region_id
  pg_version = var.neon_pg_version

  branch {
    name = "main"
  }
}

resource "neon_endpoint" "main" {
  project_id = neon_project.this.id
  branch_id  = neon_project.this.default_branch_id
  type       = "read_write"
}

resource "neon_role" "owner" {
  project_id = neon_project.this.id
  branch_id  = neon_project.this.default_branch_id
  name       = var.owner_role_name
}

resource "neon_role" "runtime" {
  project_id = neon_project.this.id
  branch_id  = neon_project.this.default_branch_id
  name       = var.runtime_role_name
}

resource "neon_database" "app" {
  project_id = neon_project.this.id
  branch_id  = neon_project.this.default_branch_id
  name       = var.database_name
  owner_name = neon_role.owner.name
}

# A copy-on-write branch (roles and data included) and an endpoint per preview branch.
resource "neon_branch" "preview" {
  for_each = var.preview_branches

  project_id = neon_project.this.id
  parent_id  = neon_project.this.default_branch_id
  name       = "preview/${each.key}"
}

resource "neon_endpoint" "preview" {
  for_each = var.preview_branches

  project_id = neon_project.this.id
  branch_id  = neon_branch.preview[each.key].id
  type       = "read_write"
}

# ---- Vercel ----

resource "vercel_project" "this" {
  name                       = local.project_name
  team_id                    = var.vercel_team_id
  framework                  = "nextjs"
  serverless_function_region = var.serverless_function_region

  git_repository = {
    type              = "github"
    repo              = var.github_repo
    production_branch = var.production_branch
  }
}

resource "vercel_project_environment_variable" "plain" {
  for_each = { for k, v in local.plain_env : k => v if v != "" }

  project_id = vercel_project.this.id
  team_id    = var.vercel_team_id
  key        = each.key
  value      = each.value
  target     = ["production", "preview"]
}

resource "vercel_project_environment_variable" "secret" {
  # nonsensitive() on the keys only: which variables exist is not secret, their values are.
  for_each = nonsensitive(toset([for k, v in local.secret_env : k if v != ""]))

  project_id = vercel_project.this.id
  team_id    = var.vercel_team_id
  key        = each.key
  value      = local.secret_env[each.key]
  target     = ["production", "preview"]
  sensitive  = true
}

resource "vercel_project_environment_variable" "database_url" {
  project_id = vercel_project.this.id
  team_id    = var.vercel_team_id
  key        = "DATABASE_URL"
  value      = local.runtime_url
  target     = ["production"]
  sensitive  = true
}

# Only the build/deploy step reads the owner URL (migrations); see vercel.json.
resource "vercel_project_environment_variable" "database_owner_url" {
  project_id = vercel_project.this.id
  team_id    = var.vercel_team_id
  key        = "DATABASE_OWNER_URL"
  value      = local.owner_url
  target     = ["production"]
  sensitive  = true
}

resource "vercel_project_environment_variable" "preview_database_url" {
  for_each = var.preview_branches

  project_id = vercel_project.this.id
  team_id    = var.vercel_team_id
  key        = "DATABASE_URL"
  git_branch = each.key
  target     = ["preview"]
  sensitive  = true
  value = format(
    "postgresql://%s:%s@%s/%s?sslmode=require",
    neon_role.runtime.name, urlencode(neon_role.runtime.password),
    replace(neon_endpoint.preview[each.key].host, neon_endpoint.preview[each.key].id, "${neon_endpoint.preview[each.key].id}-pooler"),
    neon_database.app.name,
  )
}

resource "vercel_project_environment_variable" "preview_database_owner_url" {
  for_each = var.preview_branches

  project_id = vercel_project.this.id
  team_id    = var.vercel_team_id
  key        = "DATABASE_OWNER_URL"
  git_branch = each.key
  target     = ["preview"]
  sensitive  = true
  value = format(
    "postgresql://%s:%s@%s/%s?sslmode=require",
    neon_role.owner.name, urlencode(neon_role.owner.password),
    neon_endpoint.preview[each.key].host, neon_database.app.name,
  )
}
