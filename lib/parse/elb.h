/* SPDX-License-Identifier: MIT */
/* elb.h -- AWS load balancer access logs: Application and Classic. */
#ifndef SLUICE_ELB_H
#define SLUICE_ELB_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"

/*
 * One line of an Application Load Balancer log (it starts with the
 * type: http, https, h2, grpcs, ws, wss) or of a Classic Load Balancer
 * log (it starts with the time).  Fields are named as in AWS's Athena
 * tables for these logs: for ALB type, elb, client_ip, client_port,
 * target_ip, target_port, request_processing_time,
 * target_processing_time, response_processing_time, elb_status_code,
 * target_status_code, received_bytes, sent_bytes, request_verb,
 * request_url, request_proto, user_agent, ssl_cipher, ssl_protocol,
 * target_group_arn, trace_id, domain_name, chosen_cert_arn,
 * matched_rule_priority, request_creation_time, actions_executed,
 * redirect_url, lambda_error_reason, target_port_list,
 * target_status_code_list, classification, classification_reason,
 * conn_trace_id (as many as the line has; more go to "extra"); for
 * Classic backend_ip, backend_port, backend_processing_time and
 * backend_status_code in place of the target ones, up to ssl_protocol.
 * The time is @timestamp; "-" is null; numbers are F_INFER.  Resets fl
 * first.  Returns PARSE_RECORD or PARSE_ERROR.
 */
int	elb_line(const char *line, size_t len, struct fieldlist *,
	    struct sluice_err *);
/*
 * Whether the line has the shape of either log, for -f auto: the type
 * (ALB) and an ISO 8601 time, a name, the client's "ip:port", the
 * target's (or "-") and three processing times (seconds, or -1).
 */
int	elb_shaped(const char *line, size_t len);

#endif
