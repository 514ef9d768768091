/** What every convention needs to know about the service it applies to. */
export interface ServiceContext {
  service: string;
  owner: string;
  stage: string;
  production: boolean;
  /** True under `sst dev`, where functions run locally through SST's bridge. */
  dev: boolean;
}
