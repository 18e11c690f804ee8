/**
 * Resource types of the AWS provider that carry tags (and so the provider's default_tags, except the
 * auto scaling group, which takes `tag` blocks). Every one the configuration creates must end up
 * tagged; types not listed here (associations, rules of routes, attachments) take no tags.
 */
export const TAGGABLE: ReadonlySet<string> = new Set(
  `aws_vpc aws_subnet aws_internet_gateway aws_egress_only_internet_gateway aws_nat_gateway aws_eip
  aws_route_table aws_default_route_table aws_main_route_table aws_network_acl aws_default_network_acl
  aws_security_group aws_default_security_group aws_vpc_security_group_ingress_rule
  aws_vpc_security_group_egress_rule aws_vpc_endpoint aws_vpc_peering_connection aws_flow_log
  aws_network_interface aws_vpc_dhcp_options aws_ec2_managed_prefix_list
  aws_lb aws_alb aws_lb_target_group aws_alb_target_group aws_lb_listener aws_alb_listener
  aws_lb_listener_rule aws_alb_listener_rule
  aws_instance aws_spot_instance_request aws_spot_fleet_request aws_ec2_fleet aws_launch_template
  aws_autoscaling_group aws_placement_group aws_key_pair aws_ebs_volume aws_ami
  aws_ecs_cluster aws_ecs_service aws_ecs_task_definition aws_ecs_capacity_provider aws_ecs_task_set
  aws_ecr_repository aws_eks_cluster aws_eks_node_group
  aws_db_instance aws_db_subnet_group aws_rds_cluster aws_rds_cluster_instance aws_db_parameter_group
  aws_rds_cluster_parameter_group aws_db_option_group aws_db_proxy aws_rds_cluster_endpoint
  aws_elasticache_cluster aws_elasticache_replication_group aws_elasticache_subnet_group
  aws_kms_key aws_iam_role aws_iam_policy aws_iam_instance_profile aws_iam_user
  aws_cloudwatch_log_group aws_cloudwatch_metric_alarm aws_secretsmanager_secret aws_ssm_parameter
  aws_s3_bucket aws_dynamodb_table aws_sns_topic aws_sqs_queue aws_lambda_function
  aws_acm_certificate aws_route53_zone aws_route53_health_check aws_wafv2_web_acl aws_efs_file_system`
    .split(/\s+/)
    .filter(Boolean),
);
