# Production values. No credentials here: they come from the environment.
region            = "eu-west-1"
project           = "storefront"
environment       = "prod"
ssh_allowed_cidrs = ["10.20.0.0/16"]
