import JifenCommands
Jifen.main()
