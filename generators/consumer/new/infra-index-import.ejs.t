---
to: apps/<%= service %>/infra/index.ts
inject: true
after: "^/// <reference path=\"../.sst/platform/config.d.ts\" />$"
skip_if: <%- skip.import %>
eof_last: false
---
import { <%= functionName %> } from "./<%= fileBase %>";
