"""The build's stages, in their order: discover, read, decide, plan, render, check, publish."""
