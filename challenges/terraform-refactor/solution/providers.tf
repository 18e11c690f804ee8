# No credentials here: the provider reads them from its environment (AWS_PROFILE, SSO, or the CI
# role). default_tags puts the cost-allocation tags on every resource, modules included.
provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}

locals {
  common_tags = merge(var.extra_tags, {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  })
}
