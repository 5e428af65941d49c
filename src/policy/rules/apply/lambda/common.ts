export const LAMBDA_QUOTAS_URL = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.md';
