import SignalboxCore
import Testing

@testable import Console

@Suite struct ConsoleSnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: ConsoleView.allCases, [0, 1])
    func everyViewAtBothSizes(view: ConsoleView, sizeIndex: Int) {
        let (width, height) = Self.sizes[sizeIndex]
        var model = ConsoleScenario.model(width: width, height: height)
        model.press(.character(Character(String(view.rawValue))))
        model.tick(nowMs: ConsoleScenario.now)
        let name = "\(String(describing: view))-\(width)x\(height)"
        SnapshotAssertion.assertSnapshot(model.screen, named: name)
    }

    @Test func tooSmallShowsCurrentAndRequiredSize() {
        var model = ConsoleScenario.model()
        model.press(.resize(width: 60, height: 15))
        let screen = model.screen
        #expect(screen.snapshot.contains("Terminal too small"))
        #expect(screen.snapshot.contains("60×15 — the console needs at least 80×20"))
        SnapshotAssertion.assertSnapshot(screen, named: "too-small-60x15")
        // Exactly the minimum is big enough.
        model.press(.resize(width: 80, height: 20))
        let minimum = model.screen.snapshot
        #expect(!minimum.contains("Terminal too small"))
        #expect(minimum.contains("Providers"))
    }

    @Test func pauseDialogOpensWithCancelFocused() throws {
        var model = ConsoleScenario.model()
        model.press(.tab)  // providers panel
        #expect(model.press(.character("p")) == [])
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "dialog-pause-80x24")
        let cancel = try #require(screen.locate("[▸Cancel◂]"))
        #expect(screen[cancel.x + 2, cancel.y].role == .buttonFocused)
        let pause = try #require(screen.locate("[ Pause ]"))
        #expect(screen[pause.x + 2, pause.y].role == .button)
    }

    @Test func rotateDialogMasksTheTypedSecret() throws {
        var model = ConsoleScenario.model()
        model.press(.tab, .character("k"))
        model.type("openai")
        model.press(.tab)  // key choice
        model.press(.right)  // backup
        model.press(.tab)  // secret
        let secret = "sk-live-verysecretvalue-0042"
        model.type(secret)
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "dialog-rotate-80x24")
        let text = screen.snapshot
        #expect(!text.contains("verysecret"))
        #expect(!text.contains(secret))
        #expect(text.contains(String(repeating: "•", count: secret.count)))
        #expect(text.contains("◂ backup ▸"))
    }

    @Test func replayDialogListsProvidersWithCancelFocused() throws {
        var model = ConsoleScenario.model()
        model.press(.character("2"), .down)
        #expect(model.press(.character("R")) == [])
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "dialog-replay-80x24")
        let cancel = try #require(screen.locate("[▸Cancel◂]"))
        #expect(screen[cancel.x, cancel.y].role == .buttonFocused)
    }

    @Test(arguments: [0, 1])
    func inspectorShowsTheRecordedExchange(sizeIndex: Int) {
        let (width, height) = Self.sizes[sizeIndex]
        var model = ConsoleScenario.model(width: width, height: height)
        model.press(.character("2"))
        model.press(.end)  // the oldest row: request 1
        let effects = model.press(.enter)
        #expect(effects == [.loadRequest(ConsoleScenario.id(1))])
        let loading = model.screen.snapshot
        #expect(loading.contains("loading \(ConsoleScenario.id(1))…"))
        model.apply(recorded: ConsoleScenario.recorded(1), for: ConsoleScenario.id(1))
        SnapshotAssertion.assertSnapshot(model.screen, named: "inspector-\(width)x\(height)")
    }

    @Test func replayDiffSideBySide() throws {
        var model = ConsoleScenario.model(width: 120, height: 40)
        let original = ConsoleScenario.recorded(1)
        var replay = ConsoleScenario.recorded(
            13, provider: "anthropic",
            responseBody: ConsoleScenario.completion(id: "chatcmpl-2", content: "Hi there!", completionTokens: 28))
        replay.replayOf = original.id
        replay.usage = Usage(promptTokens: 12, completionTokens: 28)
        model.apply(outcome: .replayed(ReplayResult(original: original, replay: replay)), for: .replay(original.id, provider: "anthropic"))
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "replay-diff-120x40")
        let removed = try #require(screen.locate("\"content\" : \"Hello!\""))
        let added = try #require(screen.locate("\"content\" : \"Hi there!\""))
        #expect(screen[removed.x, removed.y].role == .diffRemoved)
        #expect(screen[added.x, added.y].role == .diffAdded)
        // The marker, not only the colour, says which side a line is from.
        #expect(screen.text(row: removed.y).hasPrefix(" - "))
        #expect(screen.text(row: added.y).hasPrefix(" + "))
    }

    @Test func helpOverlayAndReadOnlyHelp() {
        var model = ConsoleScenario.model()
        model.press(.character("?"))
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "help-80x24")
        #expect(screen.snapshot.contains("pause / resume the selected provider"))

        var readOnly = ConsoleScenario.model(readOnly: true)
        readOnly.press(.character("?"))
        let readOnlyScreen = readOnly.screen
        SnapshotAssertion.assertSnapshot(readOnlyScreen, named: "help-readonly-80x24")
        #expect(!readOnlyScreen.snapshot.contains("pause / resume the selected provider"))
        #expect(readOnlyScreen.snapshot.contains("Read-only console"))
    }

    @Test func readOnlyOverviewHidesActionHints() {
        let model = ConsoleScenario.model(readOnly: true)
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "readonly-overview-80x24")
        #expect(screen.snapshot.contains("read-only console"))
        let hints = screen.text(row: 23)
        #expect(!hints.contains("pause"))
        #expect(!hints.contains("rotate"))
        #expect(!hints.contains("replay"))
        #expect(hints.contains("help"))
    }

    @Test func headerNamesTheRoleTheConsoleActsWith() {
        let operatorHeader = ConsoleScenario.model(width: 120, height: 40).screen.text(row: 0)
        let viewerHeader = ConsoleScenario.model(width: 120, height: 40, readOnly: true).screen.text(row: 0)
        #expect(operatorHeader.contains("role operator"))
        #expect(viewerHeader.contains("role viewer · READ-ONLY"))
        #expect(ConsoleScenario.model(readOnly: true).role == .viewer)
        #expect(ConsoleScenario.model().role == .operator)
    }
}
