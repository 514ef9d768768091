---
to: out/OWNERS
inject: true
after: "^# Owners"
skip_if: '(?:^|\n)# Generated'
---
# Generated entries follow.
