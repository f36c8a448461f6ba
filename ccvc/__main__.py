from ccvc.cli import main

main()
