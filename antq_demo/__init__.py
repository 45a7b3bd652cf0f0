"""The demo dataset (`antq demo`, run by `make run`'s setup): one province of realistic,
deterministic records, every one marked as demo. It lives beside the runtime package, not in
it: `load.py` prepares the province and runs one step per app (`<app>.py: generate`)."""
