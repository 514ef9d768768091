---
to: apps/<%= name %>/tsconfig.json
---
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    "types": ["node", "aws-lambda"]
  },
  "include": ["src", "infra", "sst.config.ts", "sst-env.d.ts", "vitest.config.ts"]
}
