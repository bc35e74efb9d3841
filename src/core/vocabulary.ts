/**
 * fal's vocabulary, in one place: every list of allowed words falpub checks against, offers as
 * CLI choices, prompts with or documents. Imports nothing: the bottom layer.
 */

/** fal.cli._utils.VALID_REGIONS in fal 1.83 (its order). */
export const REGIONS = ["us-west", "us-central", "us-east", "eu-north", "eu-west"] as const;
export type Region = (typeof REGIONS)[number];

/** fal's auth modes; only `shared` can be published on the Marketplace. */
export const AUTH_MODES = ["shared", "private", "public"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** How a Marketplace request is billed: the unit the app reports in the billing header. */
export const BILLING_STRATEGIES = ["per_image", "per_megapixel", "per_video_second", "per_text_chunk", "per_request", "gpu_seconds"] as const;
export type BillingStrategy = (typeof BILLING_STRATEGIES)[number];

/** One unit of each strategy, in words ("$0.02 per image"). */
export const BILLING_UNIT: Record<BillingStrategy, string> = {
  per_image: "image",
  per_megapixel: "megapixel",
  per_video_second: "second of video",
  per_text_chunk: "text chunk",
  per_request: "request",
  gpu_seconds: "GPU second",
};

/** The response header fal bills by. */
export const BILLING_HEADER = "x-fal-billable-units";

/** A DNS-label-style app name (falpub's rule, FP501/FP504; fal's docs suggest simple kebab-case). */
export const APP_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const APP_NAME_MAX = 63;

/** fal deploy --strategy (fal looks it up case-insensitively). */
export const DEPLOY_STRATEGIES = ["rolling", "recreate"] as const;
export type DeployStrategy = (typeof DEPLOY_STRATEGIES)[number];

/** Machine types named by fal 1.83's docstrings and metrics code; fal itself does not validate. */
export const MACHINE_TYPES = ["XS", "S", "M", "L", "XL", "GPU-A6000", "GPU-A100", "GPU-L40", "GPU-H100", "GPU-H200", "GPU-B200", "GPU-RTX4090", "GPU-RTX5090"] as const;

/** `falpub check --format`. */
export const REPORT_FORMATS = ["pretty", "concise", "json", "github", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The model card fields the fal team asks for before listing (manifest `marketplace.*`). */
export const CARD_FIELDS = ["title", "description", "category", "license"] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** HTTP methods a fal.HealthCheck may use. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** Conditions of pyproject's skip_retry_conditions / retry_config (fal 1.83). */
export const RETRY_CONDITIONS = ["connection_error", "server_error", "timeout"] as const;
