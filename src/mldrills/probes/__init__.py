"""Code that runs inside the sandboxed child, next to the submission.

Nothing here decides a verdict, and nothing here imports the rest of mldrills: the
submission can reach and patch whatever the child has loaded, so only plain helpers
(run a call, read a tensor, record what a training loop did) live here, and the
supervisor checks what they report.
"""
