import type { ServiceContext } from "./context";
import { defaults } from "./defaults";
import { logRetention } from "./logs";

/** Lambda caps function names at 64 characters. */
export const maxFunctionNameLength = 64;

/**
 * Function defaults: pinned Node.js runtime, arm64, memory, timeout, log retention by stage. Each is
 * set only where the service left it unset.
 */
export function functionDefaults(context: ServiceContext): void {
  $transform(sst.aws.Function, (args, _opts, name) => {
    args.runtime ??= defaults.runtime;
    args.architecture ??= defaults.architecture;
    args.memory ??= defaults.memory;
    args.timeout ??= defaults.timeout;
    if (args.logging !== false) {
      const retention = logRetention(context);
      args.logging = $output(args.logging ?? {}).apply((logging) =>
        logging === false || logging.logGroup
          ? logging
          : { ...logging, retention: logging.retention ?? retention },
      );
    }
    if (typeof args.name === "string" && args.name.length > maxFunctionNameLength) {
      throw new Error(
        `Function "${name}" is named "${args.name}" (${args.name.length} characters); Lambda allows ${maxFunctionNameLength}. Shorten the name, or leave it unset so SST derives one that fits.`,
      );
    }
  });
}

/**
 * The trust policy every function role should have: only the Lambda service may assume it.
 *
 * SST 4.17.1 tests `!dev` on a Pulumi Output in `Function.createRole`, which is never false, so every
 * role also trusts the account root (`arn:aws:iam::<account>:root`) in every stage. That extra trust
 * is needed only under `sst dev`, where SST's local bridge assumes the role; elsewhere this
 * convention puts the Lambda-only policy back.
 */
export const lambdaOnlyTrustPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ],
});

export function lambdaOnlyTrust(context: ServiceContext): void {
  if (context.dev) return;
  $transform(sst.aws.Function, (args) => {
    const own = args.transform?.role;
    args.transform = {
      ...args.transform,
      role: (roleArgs, opts, name) => {
        roleArgs.assumeRolePolicy = lambdaOnlyTrustPolicy;
        if (typeof own === "function") own(roleArgs, opts, name);
        else if (own) Object.assign(roleArgs, own);
        return undefined;
      },
    };
  });
}
