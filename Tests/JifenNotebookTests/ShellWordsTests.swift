import Testing
@testable import JifenNotebook

@Suite struct ShellWordsTests {
    @Test func splitsLikeAShell() throws {
        #expect(try ShellWords.split("score --profile p.yaml  --city\ttianjin") == ["score", "--profile", "p.yaml", "--city", "tianjin"])
        #expect(try ShellWords.split(#"--profile "my profile.yaml" --city '天津 市'"#) == ["--profile", "my profile.yaml", "--city", "天津 市"])
        #expect(try ShellWords.split(#"a\ b c"#) == ["a b", "c"])
        #expect(try ShellWords.split(#"'it'\''s'"#) == ["it's"])
        #expect(try ShellWords.split(#"x "" ''"#) == ["x", "", ""])
        #expect(try ShellWords.split(#"pre"mid dle"post"#) == ["premid dlepost"])
    }

    @Test func doubleQuotesEscapeOnlyShellSpecials() throws {
        #expect(try ShellWords.split(#""say \"hi\" \$HOME \\ \n""#) == [#"say "hi" $HOME \ \n"#])
        #expect(try ShellWords.split(#"'no \escapes "here"'"#) == [#"no \escapes "here""#])
    }

    @Test func nothingIsExpanded() throws {
        #expect(try ShellWords.split("a $HOME *.yaml | b > c ;") == ["a", "$HOME", "*.yaml", "|", "b", ">", "c", ";"])
    }

    @Test func commentsAndContinuations() throws {
        #expect(try ShellWords.split("a b # the rest is ignored") == ["a", "b"])
        #expect(try ShellWords.split("a#b") == ["a#b"])
        #expect(try ShellWords.split("simulate \\\n  --pool 100") == ["simulate", "--pool", "100"])
    }

    @Test func unterminatedQuotesAreErrors() {
        #expect(throws: NotebookError.self) { try ShellWords.split("a 'b") }
        #expect(throws: NotebookError.self) { try ShellWords.split(#"a "b"#) }
        #expect(throws: NotebookError.self) { try ShellWords.split(#"a \"#) }
    }

    @Test func quotingRoundTrips() throws {
        let words = ["plain", "with space", "it's", "", "$x", "天津", "a\"b", "--plot=charts/x.svg"]
        let line = ShellWords.join(words)
        #expect(line.hasPrefix("plain 'with space' 'it'\\''s' '' '$x' 天津 "))
        #expect(try ShellWords.split(line) == words)
    }
}
