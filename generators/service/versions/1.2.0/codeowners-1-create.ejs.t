---
to: CODEOWNERS
unless_exists: true
---
# Code owners: the team that owns a path reviews every change to it.
# `nx g @<%= org %>/platform:service` adds one line per service: /apps/<service>/ @<org>/<team>.
