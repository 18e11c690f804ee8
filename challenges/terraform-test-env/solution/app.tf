resource "aws_launch_template" "app" {
  name_prefix            = "orders-${var.environment}-"
  image_id               = var.app_image_ami
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.app.id]

  metadata_options {
    http_tokens = "required"
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "orders-${var.environment}-app", Environment = var.environment }
  }
}

resource "aws_autoscaling_group" "app" {
  name                = "orders-${var.environment}-app"
  min_size            = 2
  max_size            = 4
  desired_capacity    = 2
  vpc_zone_identifier = aws_subnet.app[*].id
  target_group_arns   = [aws_lb_target_group.app.arn]
  health_check_type   = "ELB"

  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }

  tag {
    key                 = "Environment"
    value               = var.environment
    propagate_at_launch = true
  }
}
