import SignalboxCore
import Testing

@testable import Console

@Suite struct ConsoleKeymapTests {
    @Test func quitNeedsNoConfirmation() {
        var model = ConsoleScenario.model()
        #expect(model.press(.character("q")) == [.quit])
        #expect(model.press(.control("c")) == [.quit])
    }

    @Test func resetBreakersIsConfirmedWithCancelFocused() {
        var model = ConsoleScenario.model()
        model.press(.tab)  // the providers panel; openai is selected
        model.apply(
            .breakerChanged(
                BreakerChanged(timestampMs: ConsoleScenario.now, provider: "openai", model: "gpt-4o", from: "closed", to: "open", reason: "r")))
        #expect(model.press(.character("b")) == [])
        #expect(model.screen.locate("Reset circuit breakers of openai?") != nil)
        #expect(model.screen.locate("Closes gpt-4o (open):") != nil)
        #expect(model.press(.enter) == [])  // Cancel
        model.press(.character("b"))
        #expect(model.press(.tab, .enter) == [.execute(.resetBreakers(provider: "openai"))])
        var readOnly = ConsoleScenario.model(readOnly: true)
        readOnly.press(.tab)
        #expect(readOnly.press(.character("b")) == [])
        #expect(readOnly.dialog == nil)
    }

    @Test func pauseProviderDefaultsToCancel() {
        var model = ConsoleScenario.model()
        model.press(.tab)  // focus the providers panel; openai is selected
        #expect(model.press(.character("p")) == [])
        #expect(model.dialog != nil)
        // Enter with the default focus cancels: nothing reaches the gateway.
        #expect(model.press(.enter) == [])
        #expect(model.dialog == nil)

        model.press(.character("p"))
        #expect(model.press(.tab, .enter) == [.execute(.pauseProvider("openai"))])
        #expect(model.dialog == nil)
    }

    @Test func escapeCancelsAndTabWrapsBackToCancel() {
        var model = ConsoleScenario.model()
        model.press(.character("p"))
        #expect(model.press(.escape) == [])
        #expect(model.dialog == nil)
        model.press(.character("p"), .tab, .tab)
        #expect(model.press(.enter) == [])
    }

    @Test func pausedProviderOffersResume() {
        var model = ConsoleScenario.model()
        model.press(.tab, .down, .down)  // local-vllm, paused
        #expect(model.selectedProvider == "local-vllm")
        model.press(.character("p"))
        #expect(model.screen.snapshot.contains("Resume provider local-vllm?"))
        #expect(model.press(.right, .enter) == [.execute(.resumeProvider("local-vllm"))])
    }

    @Test func pausedProviderGlyphKeepsItsRoleUnderTheCursor() throws {
        var model = ConsoleScenario.model()
        model.press(.tab, .down, .down)
        let screen = model.screen
        let glyph = try #require(screen.locate("⏸ paused"))
        #expect(screen[glyph.x, glyph.y].role == .paused)
        #expect(screen[glyph.x + 2, glyph.y].role == .paused)
        let name = try #require(screen.locate("local-vllm"))
        #expect(screen[name.x, name.y].role == .selection)
        let degraded = try #require(screen.locate("▲ degraded"))
        #expect(screen[degraded.x, degraded.y].role == .degraded)
    }

    @Test func keyPauseFromTheProvidersView() {
        var model = ConsoleScenario.model()
        #expect(model.press(.character("3")) == [.refreshProviders])
        #expect(model.press(.character("P")) == [])  // a provider row: nothing to pause
        #expect(model.dialog == nil)
        #expect(model.status?.kind == .error)
        model.press(.down)  // openai/primary
        #expect(model.selectedKey == "primary")
        model.press(.character("P"))
        #expect(model.press(.tab, .enter) == [.execute(.pauseKey(provider: "openai", key: "primary"))])
        model.press(.down)  // openai/backup, paused
        model.press(.character("P"))
        #expect(model.press(.tab, .enter) == [.execute(.resumeKey(provider: "openai", key: "backup"))])
    }

    @Test func readOnlyRefusesEveryAction() {
        var model = ConsoleScenario.model(readOnly: true)
        for key in ["p", "k", "R", "b"] {
            #expect(model.press(.character(Character(key))) == [])
            #expect(model.dialog == nil)
            #expect(model.status?.kind == .error)
            #expect(model.screen.text(row: 22).contains("read-only console"))
        }
        model.press(.character("3"), .down)
        #expect(model.press(.character("P")) == [])
        #expect(model.dialog == nil)
        #expect(model.press(.character(":")) == [])
        #expect(model.type("pause openai") == [])
        #expect(model.press(.enter) == [])
        #expect(model.dialog == nil)
        // Looking is still allowed.
        model.press(.character("2"))
        #expect(model.press(.enter) == [.loadRequest(ConsoleScenario.id(12))])
    }

    @Test func rotateWithTypedSecret() throws {
        var model = ConsoleScenario.model()
        model.press(.tab)
        model.press(.character("k"))
        let secret = "sk-proj-Zq81x9secretvalue77"
        // Enter never rotates from a field: it walks to the next one, then to Cancel.
        model.type("openai")
        model.press(.enter)  // key choice
        model.press(.right)  // backup
        model.press(.enter)  // secret
        model.type(secret)
        #expect(model.press(.enter) == [])  // focus moves to Cancel
        #expect(model.press(.enter) == [])  // Cancel
        #expect(model.dialog == nil)

        model.press(.character("k"))
        model.type("openai")
        model.press(.tab, .right, .tab)
        model.type(secret)
        #expect(!model.screen.snapshot.contains(secret))
        #expect(!model.screen.snapshot.contains("secretvalue"))
        // While the dialog is open the secret exists only inside a `Secret`, whose description is masked.
        #expect(!String(describing: model).contains("secretvalue"))
        #expect(!String(reflecting: model).contains("secretvalue"))
        let effects = model.press(.tab, .tab, .enter)
        #expect(effects.count == 1)
        guard case .execute(.rotateKey(let provider, let key, let newSecret, let grace)) = try #require(effects.first) else {
            Issue.record("expected a typed-secret rotation, got \(effects)")
            return
        }
        #expect(provider == "openai")
        #expect(key == "backup")
        #expect(newSecret.reveal() == secret)
        #expect(grace == nil)
        // The secret does not linger in the model once the dialog is gone.
        #expect(model.dialog == nil)
        #expect(!String(describing: model).contains("secretvalue"))
        #expect(!model.screen.snapshot.contains("secretvalue"))
    }

    @Test(arguments: [("env:OPENAI_NEW_KEY", SecretSource.environment("OPENAI_NEW_KEY")), ("file:/run/keys/openai", .file("/run/keys/openai"))])
    func rotateFromReference(reference: String, source: SecretSource) {
        var model = ConsoleScenario.model()
        model.press(.character("3"), .down)  // openai/primary
        model.press(.character("k"))
        model.type("openai")
        model.press(.tab, .tab)  // past the key choice (primary preselected)
        model.type(reference)
        #expect(model.screen.snapshot.contains(reference))  // a reference is not a secret
        #expect(model.press(.tab, .tab, .enter) == [.rotateKey(provider: "openai", key: "primary", source: source, graceSeconds: nil)])
    }

    @Test func rotateRefusesUntilTheProviderIdIsTyped() {
        var model = ConsoleScenario.model()
        model.press(.character("3"))
        model.press(.character("k"))
        model.type("openia")
        model.press(.tab, .tab)
        model.type("sk-something-long-enough")
        #expect(model.press(.tab, .tab, .enter) == [])
        #expect(model.dialog != nil)
        #expect(model.status?.text.contains("type the provider id 'openai'") == true)
    }

    @Test func singleKeyProviderSkipsTheKeyChoice() {
        var model = ConsoleScenario.model()
        model.press(.tab, .down)  // anthropic
        model.press(.character("k"))
        model.type("anthropic")
        model.press(.tab)  // straight to the secret
        model.type("env:ANTHROPIC_KEY_2")
        #expect(
            model.press(.tab, .tab, .enter) == [
                .rotateKey(provider: "anthropic", key: "main", source: .environment("ANTHROPIC_KEY_2"), graceSeconds: nil)
            ])
    }

    @Test func replayToAnotherProvider() {
        var model = ConsoleScenario.model()
        model.press(.character("2"), .down)  // request 11 (anthropic)
        model.press(.character("R"))
        #expect(model.press(.enter) == [])  // Cancel
        model.press(.character("R"))
        #expect(model.press(.tab, .enter) == [.execute(.replay(ConsoleScenario.id(11), provider: nil))])
        model.press(.character("R"), .down)  // openai
        #expect(model.press(.tab, .enter) == [.execute(.replay(ConsoleScenario.id(11), provider: "openai"))])
    }

    @Test func inspectorLoadsClosesAndHandlesAMissingRequest() {
        var model = ConsoleScenario.model()
        model.press(.character("2"))
        #expect(model.press(.enter) == [.loadRequest(ConsoleScenario.id(12))])
        // An answer for another request is ignored.
        model.apply(recorded: ConsoleScenario.recorded(3), for: ConsoleScenario.id(3))
        #expect(model.screen.snapshot.contains("loading"))
        model.apply(recorded: nil, for: ConsoleScenario.id(12))
        #expect(model.screen.snapshot.contains("no longer in the engine's recent-request ring"))
        model.press(.escape)
        #expect(model.overlay == nil)
        #expect(model.screen.snapshot.contains("TIME"))
    }

    @Test func inspectorShowsTruncationAndScrolls() {
        var model = ConsoleScenario.model()
        model.press(.character("2"), .end, .enter)
        model.apply(recorded: ConsoleScenario.recorded(1, truncated: true), for: ConsoleScenario.id(1))
        guard case .inspector(let inspector) = model.overlay else {
            Issue.record("inspector not open")
            return
        }
        let text = inspector.lines.map(\.text)
        #expect(text.contains("Response body (truncated, 4096 bytes total)"))
        #expect(text.contains { $0.contains("authorization: Bearer sb-…7f3a") })
        #expect(text.contains { $0.contains("\"temperature\" : 0.2") })  // the request body, pretty-printed
        let before = model.screen.snapshot
        model.press(.pageDown)
        #expect(model.screen.snapshot != before)
        model.press(.home)
        #expect(model.screen.snapshot == before)
    }

    @Test func outcomesShowInTheStatusBarAndExpire() throws {
        var model = ConsoleScenario.model()
        model.apply(outcome: .refused("provider 'x' is not configured"), for: .pauseProvider("x"))
        let screen = model.screen
        let marker = try #require(screen.locate("✖ pause provider x: provider 'x' is not configured"))
        #expect(screen[marker.x, marker.y].role == .error)
        model.tick(nowMs: ConsoleScenario.now + 4_000)
        #expect(model.status != nil)
        model.tick(nowMs: ConsoleScenario.now + 5_000)
        #expect(model.status == nil)

        model.apply(outcome: .done("paused openai"), for: .pauseProvider("openai"))
        #expect(model.screen.snapshot.contains("✔ paused openai"))
    }

    @Test func filterNarrowsTheListAndEscapeReverts() {
        var model = ConsoleScenario.model()
        model.press(.character("2"), .character("/"))
        model.type("status:5xx")
        #expect(model.log.visibleCount == 1)
        #expect(model.screen.snapshot.contains("/status:5xx"))
        model.press(.escape)
        #expect(model.log.visibleCount == 12)
        model.press(.character("/"))
        model.type("anthropic -status:live")
        model.press(.enter)
        #expect(model.log.visibleCount == 3)
        #expect(model.screen.snapshot.contains("filter anthropic -status:live"))
        model.press(.escape)  // clears the filter outside the field
        #expect(model.log.filter.isEmpty)
    }

    @Test func followAndFreeze() {
        var model = ConsoleScenario.model()
        model.press(.character("2"))
        #expect(model.following)
        model.press(.down)
        #expect(!model.following)
        #expect(model.selectedRequest?.id == ConsoleScenario.id(11))
        // New traffic does not move a frozen selection.
        model.apply(ConsoleScenario.started(13, atSecond: 30, provider: "openai"))
        #expect(model.selectedRequest?.id == ConsoleScenario.id(11))
        model.press(.character("f"))
        #expect(model.following)
        #expect(model.selectedRequest?.id == ConsoleScenario.id(13))
        model.apply(ConsoleScenario.started(14, atSecond: 31, provider: "openai"))
        #expect(model.selectedRequest?.id == ConsoleScenario.id(14))
    }

    @Test func helpIsGeneratedFromTheKeymap() {
        let model = ConsoleScenario.model()
        // Wrapped lines are joined back: only the words matter here.
        func words(_ lines: [StyledLine]) -> String {
            lines.map(\.text).joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let help = words(model.helpLines())
        for binding in Keymap.standard.visibleBindings(in: .overview, readOnly: false) {
            #expect(help.contains(binding.description), "help misses \(binding.label)")
        }
        let readOnly = words(ConsoleScenario.model(readOnly: true).helpLines())
        for binding in Keymap.standard.bindings where binding.isOperatorAction {
            #expect(!readOnly.contains(binding.description))
        }
    }

    @Test func keymapHasNoConflictsWithinAView() {
        for view in ConsoleView.allCases {
            var seen: [KeyInput: String] = [:]
            for binding in Keymap.standard.bindings where binding.isActive(in: view) && !binding.views.isEmpty {
                for key in binding.keys {
                    #expect(seen[key] == nil, "\(key) bound twice in \(view)")
                    seen[key] = binding.label
                }
            }
        }
        // `k` is rotate (DESIGN), so movement must not use vim keys.
        #expect(Keymap.standard.binding(for: .character("k"), in: .providers)?.action == .rotateKey)
        #expect(Keymap.standard.binding(for: .character("j"), in: .overview) == nil)
    }

    @Test func revisionChangesOnlyWhenTheScreenCan() {
        var model = ConsoleScenario.model()
        let start = model.revision
        model.tick(nowMs: ConsoleScenario.now + 100)  // same second, nothing expires
        #expect(model.revision == start)
        model.apply(busDrops: 0)
        #expect(model.revision == start)
        model.apply(busDrops: 7)
        #expect(model.revision != start)
        #expect(model.screen.snapshot.contains("bus drops ! 7"))
        let afterDrops = model.revision
        model.tick(nowMs: ConsoleScenario.now + 1_000)
        #expect(model.revision != afterDrops)
    }

    @Test func resizeChangesTheModelSize() {
        var model = ConsoleScenario.model()
        #expect(model.press(.resize(width: 132, height: 43)) == [])
        #expect(model.width == 132)
        #expect(model.height == 43)
        var screen = ScreenBuffer(width: 132, height: 43)
        model.render(into: &screen)
        #expect(screen.text(row: 0).contains("4 Keys & Budgets"))
    }
}

@Suite struct ConsoleKeyStormTests {
    /// A fixed pseudo-random key sequence over every view, size and overlay: the model never traps,
    /// always draws at its size, and never emits an operator effect except on Enter in a dialog.
    @Test(arguments: [false, true])
    func randomKeysNeverBypassConfirmation(readOnly: Bool) {
        // With a cache, so `P` in the Cache view opens the purge confirmation too.
        var model = CacheScenario.model(readOnly: readOnly)
        let keys: [KeyInput] = [
            .character("p"), .character("P"), .character("k"), .character("R"), .character("b"), .character("f"), .character("/"),
            .character(":"), .character("?"), .character("1"), .character("2"), .character("3"), .character("4"), .character("5"),
            .character("6"), .character("x"), .character("o"), .enter, .escape, .tab, .backTab, .up, .down, .left, .right, .pageUp,
            .pageDown, .home, .end, .backspace, .character("v"), .control("r"), .resize(width: 80, height: 24), .resize(width: 200, height: 60), .resize(width: 50, height: 10),
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var operatorEffects = 0
        for step in 0..<1_500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = keys[Int((state >> 33) % UInt64(keys.count))]
            let dialogWasOpen = model.dialog != nil
            let effects = model.handle(key)
            for effect in effects {
                switch effect {
                case .execute, .rotateKey:
                    operatorEffects += 1
                    #expect(dialogWasOpen && key == .enter, "\(effect) after \(key) without a confirmed dialog")
                    #expect(!readOnly)
                case .quit, .loadRequest, .refreshProviders, .refreshBudgets, .loadAudit, .verifyAuditChain, .refreshCacheStats:
                    break
                }
            }
            // Drawing every few keys (and after every resize) keeps the test light on a shared machine.
            if step % 5 == 0 || key == .resize(width: 50, height: 10) || key == .resize(width: 200, height: 60) {
                var screen = ScreenBuffer(width: model.width, height: model.height)
                model.render(into: &screen)
                #expect(screen.cells.count == model.width * model.height)
            }
        }
        // The fixed sequence does confirm a few dialogs, so the property above was really exercised.
        if readOnly { #expect(operatorEffects == 0) } else { #expect(operatorEffects > 0) }
    }
}
