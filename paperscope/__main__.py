from paperscope.cli import main

raise SystemExit(main())
