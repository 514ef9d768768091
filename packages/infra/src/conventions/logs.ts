import type { ServiceContext } from "./context";
import { defaults } from "./defaults";

/** The log retention the platform sets where a service did not choose one. */
export function logRetention(context: ServiceContext): "3 months" | "1 week" {
  return context.production ? defaults.logRetention.production : defaults.logRetention.other;
}

type AccessLogArgs = { accessLog?: $util.Input<{ retention?: $util.Input<string> }> };

/**
 * API access logs get the same retention as function logs. SST keeps them a month by default,
 * which is short of what production audits need.
 */
export function accessLogDefaults(context: ServiceContext): void {
  const withRetention = (args: AccessLogArgs | undefined) => {
    if (!args) return;
    args.accessLog = $output(args.accessLog ?? {}).apply((accessLog) => ({
      ...accessLog,
      retention: accessLog.retention ?? logRetention(context),
    })) as AccessLogArgs["accessLog"];
  };
  $transform(sst.aws.ApiGatewayV2, withRetention as never);
  $transform(sst.aws.ApiGatewayV1, withRetention as never);
}
