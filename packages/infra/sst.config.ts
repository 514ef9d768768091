/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The workspace's single SST platform install lives next to this file, in `.sst/platform`
 * (`npm run setup` creates it). Every service is its own SST app with its own `sst.config.ts`; its
 * `.sst/platform` is a link to this one, so the 420 MB install happens once per workspace.
 *
 * The providers declared here are the platform's providers. Services use the same set (SST's
 * default for `home: "aws"`): a service that declared others would make SST reinstall the shared
 * platform. This app deploys nothing.
 */
export default $config({
  app() {
    return { name: "acme-platform", home: "aws" };
  },
  async run() {
    throw new Error(
      "packages/infra holds the platform's SST install and is not a service: run sst from a service folder (apps/<service>) or through `nx deploy <service>`.",
    );
  },
});
