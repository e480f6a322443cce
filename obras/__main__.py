from obras.cli import main

raise SystemExit(main())
