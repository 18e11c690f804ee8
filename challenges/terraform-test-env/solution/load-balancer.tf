resource "aws_lb" "app" {
  name               = "orders-${var.environment}"
  load_balancer_type = "application"
  internal           = false
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.lb.id]
}

resource "aws_lb_target_group" "app" {
  name     = "orders-${var.environment}-app"
  port     = var.app_port
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id

  health_check {
    path = "/healthz"
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.app.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of orders-test.acme.example."
  default     = "arn:aws:acm:eu-west-1:111122223333:certificate/test-orders"
}
