"""What the last good build read and wrote (state.py), and what this build must read, render and check
again (plan.py). The only part of the engine that knows a build can reuse an earlier one."""
