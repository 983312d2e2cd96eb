import ArgumentParser

@main
struct Stepwise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Durable workflows in the Amazon States Language.",
        version: "0.1.0",
        subcommands: [ValidateCommand.self, RunCommand.self, ServeCommand.self]
    )
}
