from cagbot.cli import main

# Guarded: a big import's worker processes (multiprocessing "spawn") import the parent's
# main module, here ``cagbot.__main__`` under another name, and must not run the CLI again.
if __name__ == "__main__":
    raise SystemExit(main())
