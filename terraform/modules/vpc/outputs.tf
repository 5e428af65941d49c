output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "subnet_ids" {
  description = "Subnet ids by tier (public, private-shared, private-<env>, data-<env>), in availability_zones order."
  value       = { for tier, t in local.tiers : tier => [for az in t.azs : aws_subnet.this["${tier}-${az}"].id] }
}

output "subnet_ids_by_az" {
  description = "Subnet ids by tier, then by availability zone."
  value       = { for tier, t in local.tiers : tier => { for az in t.azs : az => aws_subnet.this["${tier}-${az}"].id } }
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (the source address of all egress to the internet)."
  value       = [for az in local.nat_azs : aws_eip.nat[az].public_ip]
}

output "internet_gateway_id" {
  description = "ID of the internet gateway."
  value       = aws_internet_gateway.this.id
}

output "private_route_table_ids" {
  description = "Route table ids of the private subnets (one per private subnet), by subnet key; gateway endpoints (S3) attach to these."
  value       = { for key, table in aws_route_table.private : key => table.id }
}
