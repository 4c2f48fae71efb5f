# One AWS account ready for sts-bridge: the SAML provider from the bridge's
# metadata, optionally the OIDC provider for web identity, and roles whose
# trust policies are rendered from config/trust-policies/*.json, the same
# templates the local STS loads (templatefile() fills ${Partition} etc.).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

variable "provider_name" {
  type    = string
  default = "sts-bridge"
}
variable "bridge_metadata_file" {
  type        = string
  description = "The bridge's IdP metadata (GET <publicBaseUrl>/metadata/aws-idp.xml), saved to a file."
}
variable "bridge_issuer_host" {
  type        = string
  default     = ""
  description = "Web identity only: the bridge issuer URL without https:// (e.g. aws.example.com/web-identity)."
}
variable "roles" {
  type        = map(object({ max_session_duration = number, managed_policy_arns = list(string) }))
  default     = { ReadOnly = { max_session_duration = 3600, managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } }
  description = "Roles the bridge may grant in this account."
}

locals {
  trust_dir = "${path.module}/../../config/trust-policies"
}

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_iam_saml_provider" "bridge" {
  name                   = var.provider_name
  saml_metadata_document = file(var.bridge_metadata_file)
}

resource "aws_iam_openid_connect_provider" "bridge" {
  count          = var.bridge_issuer_host == "" ? 0 : 1
  url            = "https://${var.bridge_issuer_host}"
  client_id_list = ["sts-bridge"]
}

resource "aws_iam_role" "saml" {
  for_each             = var.roles
  name                 = each.key
  max_session_duration = each.value.max_session_duration
  assume_role_policy = templatefile("${local.trust_dir}/bridge-saml.json", {
    Partition    = data.aws_partition.current.partition
    AccountId    = data.aws_caller_identity.current.account_id
    ProviderName = aws_iam_saml_provider.bridge.name
  })
}

resource "aws_iam_role_policy_attachment" "saml" {
  for_each   = { for p in flatten([for r, v in var.roles : [for a in v.managed_policy_arns : { role = r, arn = a }]]) : "${p.role}|${p.arn}" => p }
  role       = aws_iam_role.saml[each.value.role].name
  policy_arn = each.value.arn
}

resource "aws_iam_role" "web_identity" {
  for_each             = var.bridge_issuer_host == "" ? {} : var.roles
  name                 = "${each.key}-web"
  max_session_duration = each.value.max_session_duration
  assume_role_policy = templatefile("${local.trust_dir}/bridge-web-identity.json", {
    Partition  = data.aws_partition.current.partition
    AccountId  = data.aws_caller_identity.current.account_id
    IssuerHost = var.bridge_issuer_host
    RoleArn    = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${each.key}-web"
  })
}

output "saml_provider_arn" {
  value       = aws_iam_saml_provider.bridge.arn
  description = "Put this in config/rules.yaml accounts[].samlProviderArn."
}
