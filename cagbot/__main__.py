from cagbot.cli import main

raise SystemExit(main())
