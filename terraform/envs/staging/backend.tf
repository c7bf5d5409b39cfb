# Remote state (partial configuration): the bucket and lock settings are passed at init,
#   terraform init -backend-config=backend.hcl
# with backend.hcl made from backend.hcl.example. State holds secrets: the bucket must be
# encrypted and private.
terraform {
  backend "s3" {}
}
