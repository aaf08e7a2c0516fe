from scalingdesk.cli import main

raise SystemExit(main())
