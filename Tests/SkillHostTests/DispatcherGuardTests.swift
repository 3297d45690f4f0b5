import JSON
import Testing

@testable import SkillHost

/// The guards between a plan and its application, through every confirmation channel.
@Suite struct DispatcherGuardTests {
    let edited = [Effect(.write, "new.txt"), Effect(.overwriteEdited, "notes.md", detail: "edited by hand")]

    @Test func handEditedOverwriteIsRefusedWithoutConfirmation() async throws {
        let handler = StubHandler(effects: edited)
        let output = try await makeDispatcher([handler]).call("stub", arguments: [:], options: CallOptions()).output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(output?.structured["status"] == "confirmation-required")
        #expect(output?.structured["atStake"] == ["notes.md"])
        #expect(output?.structured["digest"]?.stringValue?.count == 64)
        #expect(handler.applyCount == 0)
    }

    @Test func planWithoutGuardedEffectsIsAppliedAtOnce() async throws {
        let handler = StubHandler(effects: [Effect(.write, "a"), Effect(.overwrite, "b")])
        let output = try await makeDispatcher([handler]).call("stub", arguments: [:], options: CallOptions()).output
        #expect(output?.outcome == .ok)
        #expect(handler.applyCount == 1)
    }

    @Test func dryRunReturnsThePlanAndAppliesNothing() async throws {
        let handler = StubHandler(effects: edited)
        let output = try await makeDispatcher([handler]).call(
            "stub", arguments: ["dryRun": true], options: CallOptions()
        ).output
        #expect(output?.outcome == .ok)
        #expect(output?.structured["status"] == "dry-run")
        #expect(output?.structured["needsConfirmation"] == true)
        #expect(output?.structured["effects"]?.arrayValue?.count == 2)
        #expect(handler.applyCount == 0)
    }

    @Test func digestFromDryRunMatchesRefusalDigest() async throws {
        let dispatcher = makeDispatcher([StubHandler(effects: edited)])
        let dry = try await dispatcher.call("stub", arguments: ["dryRun": true], options: CallOptions()).output
        let refused = try await dispatcher.call("stub", arguments: [:], options: CallOptions()).output
        #expect(dry?.structured["digest"] == refused?.structured["digest"])
    }

    // MARK: --confirm on the CLI

    @Test func preapprovedDigestOfCurrentPlanApplies() async throws {
        let handler = StubHandler(effects: edited)
        let dispatcher = makeDispatcher([handler])
        let digest = try #require(
            try await dispatcher.call("stub", arguments: [:], options: CallOptions()).output?.structured["digest"]?
                .stringValue)
        let output = try await dispatcher.call("stub", arguments: [:], options: CallOptions(preapprovedDigest: digest))
            .output
        #expect(output?.outcome == .ok)
        #expect(handler.applyCount == 1)
    }

    @Test func preapprovedDigestOfAnOlderPlanIsRefused() async throws {
        let handler = StubHandler(effects: edited)
        let dispatcher = makeDispatcher([handler])
        let digest = try #require(
            try await dispatcher.call("stub", arguments: [:], options: CallOptions()).output?.structured["digest"]?
                .stringValue)
        handler.setEffects(edited + [Effect(.overwriteEdited, "more.md")])
        let output = try await dispatcher.call("stub", arguments: [:], options: CallOptions(preapprovedDigest: digest))
            .output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(output?.structured["digest"]?.stringValue != digest)
        #expect(handler.applyCount == 0)
    }

    // MARK: the confirm argument

    private func confirmArgument(_ digest: String, phrase: String = ConfirmationRequest.phrase) -> JSONValue {
        ["confirm": ["digest": .string(digest), "phrase": .string(phrase)]]
    }

    func refusalDigest(_ dispatcher: Dispatcher) async throws -> String {
        try #require(
            try await dispatcher.call("stub", arguments: [:], options: CallOptions()).output?.structured["digest"]?
                .stringValue)
    }

    @Test func confirmArgumentWithDigestAndPhraseApplies() async throws {
        let handler = StubHandler(effects: edited)
        let dispatcher = makeDispatcher([handler])
        let digest = try await refusalDigest(dispatcher)
        let output = try await dispatcher.call("stub", arguments: confirmArgument(digest), options: CallOptions())
            .output
        #expect(output?.outcome == .ok)
        #expect(handler.applyCount == 1)
    }

    @Test func confirmArgumentWithWrongPhraseIsRefused() async throws {
        let handler = StubHandler(effects: edited)
        let dispatcher = makeDispatcher([handler])
        let digest = try await refusalDigest(dispatcher)
        let output = try await dispatcher.call(
            "stub", arguments: confirmArgument(digest, phrase: "yes"), options: CallOptions()
        ).output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(output?.structured["reason"]?.stringValue?.contains("exact phrase") == true)
        #expect(handler.applyCount == 0)
    }

    @Test func confirmArgumentWithStaleDigestIsRefused() async throws {
        let handler = StubHandler(effects: edited)
        let dispatcher = makeDispatcher([handler])
        let digest = try await refusalDigest(dispatcher)
        handler.setEffects([Effect(.overwriteEdited, "other.md")])
        let output = try await dispatcher.call("stub", arguments: confirmArgument(digest), options: CallOptions())
            .output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(output?.structured["reason"]?.stringValue?.contains("does not match") == true)
        #expect(handler.applyCount == 0)
    }

    @Test func confirmArgumentIsIgnoredWhenSwitchedOff() async throws {
        let handler = StubHandler(effects: edited)
        let dispatcher = makeDispatcher([handler], allowConfirmArgument: false)
        let digest = try await refusalDigest(dispatcher)
        let output = try await dispatcher.call("stub", arguments: confirmArgument(digest), options: CallOptions())
            .output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(handler.applyCount == 0)
    }

    @Test func confirmArgumentCannotOverruleADecline() async throws {
        let handler = StubHandler(effects: edited)
        let dispatcher = makeDispatcher([handler])
        let digest = try await refusalDigest(dispatcher)
        let output = try await dispatcher.call(
            "stub", arguments: confirmArgument(digest), options: CallOptions(channel: ScriptedChannel(.declined))
        ).output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(output?.structured["reason"] == "the user declined")
        #expect(handler.applyCount == 0)
    }

    // MARK: interactive channels (elicitation, terminal prompt)

    @Test func acceptedConfirmationApplies() async throws {
        let handler = StubHandler(effects: edited)
        let channel = ScriptedChannel(.accepted)
        let output = try await makeDispatcher([handler]).call(
            "stub", arguments: [:], options: CallOptions(channel: channel)
        ).output
        #expect(output?.outcome == .ok)
        #expect(handler.applyCount == 1)
        #expect(channel.requests.first?.atStake.map(\.target) == ["notes.md"])
    }

    @Test(arguments: [ConfirmationAnswer.declined, .cancelled, .unavailable, .stale, .invalid("tampered")])
    func everyAnswerButAcceptRefuses(_ answer: ConfirmationAnswer) async throws {
        let handler = StubHandler(effects: edited)
        let output = try await makeDispatcher([handler]).call(
            "stub", arguments: [:], options: CallOptions(channel: ScriptedChannel(answer))
        ).output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(handler.applyCount == 0)
    }

    @Test func deferredConfirmationEndsTheCallWithAnInputRequest() async throws {
        let handler = StubHandler(effects: edited)
        let result = try await makeDispatcher([handler]).call(
            "stub", arguments: [:], options: CallOptions(channel: ScriptedChannel(.deferred)))
        guard case .inputRequired(let request) = result else {
            Issue.record("expected an input request, got \(result)")
            return
        }
        #expect(request.atStake.map(\.target) == ["notes.md"])
        #expect(handler.applyCount == 0)
    }

    @Test func planThatChangesWhileAskingIsRefusedAfterAccept() async throws {
        let handler = StubHandler(effects: edited)
        let channel = ScriptedChannel(
            .accepted, onAsk: { handler.setEffects([Effect(.overwriteEdited, "surprise.md")]) })
        let output = try await makeDispatcher([handler]).call(
            "stub", arguments: [:], options: CallOptions(channel: channel)
        ).output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(output?.structured["atStake"] == ["surprise.md"])
        #expect(handler.applyCount == 0)
    }

    // MARK: which effects are guarded

    @Test func handEditsGuardHoldsEvenWhenTheDescriptorNamesNoGuard() async throws {
        let handler = StubHandler(effects: [Effect(.deleteEdited, "mine.md")])
        let output = try await makeDispatcher([handler], guards: []).call(
            "stub", arguments: [:], options: CallOptions()
        ).output
        #expect(output?.outcome == .confirmationNeeded)
    }

    @Test func forcedRerunAndRemoteDeleteAreGuardedOnlyWhenNamed() async throws {
        let effects = [
            Effect(.overwriteForced, "out.ipynb"), Effect(.remoteDelete, "job 42"), Effect(.remoteCancel, "run 7"),
        ]
        let open = StubHandler(effects: effects)
        #expect(
            try await makeDispatcher([open]).call("stub", arguments: [:], options: CallOptions()).output?.outcome == .ok
        )
        let guarded = StubHandler(effects: effects)
        let output = try await makeDispatcher([guarded], guards: [.forcedRerun, .remoteDestructive])
            .call("stub", arguments: [:], options: CallOptions()).output
        #expect(output?.structured["atStake"] == ["out.ipynb", "job 42", "run 7"])
        #expect(guarded.applyCount == 0)
    }

    // MARK: input checks

    @Test func unknownArgumentIsAToolErrorNamingTheExpectedOnes() async throws {
        let output = try await makeDispatcher([StubHandler(effects: [])]).call(
            "stub", arguments: ["nmae": "x"], options: CallOptions()
        ).output
        #expect(output?.outcome == .toolError)
        #expect(
            output?.structured["error"]?.stringValue?.contains(
                "unknown argument 'nmae'; expected one of: confirm, count, dryRun, name") == true)
        let readOnly = try await makeDispatcher([StubHandler(effects: [], readOnly: true)]).call(
            "stub", arguments: ["nmae": "x"], options: CallOptions()
        ).output
        #expect(readOnly?.structured["error"]?.stringValue?.hasSuffix("expected one of: count, name") == true)
    }

    @Test func wrongTypeIsAToolError() async throws {
        let output = try await makeDispatcher([StubHandler(effects: [])]).call(
            "stub", arguments: ["count": "three"], options: CallOptions()
        ).output
        #expect(output?.structured["error"]?.stringValue?.contains("'count' must be an integer, got string") == true)
    }

    @Test func dryRunMustBeABoolean() async throws {
        let handler = StubHandler(effects: edited)
        let output = try await makeDispatcher([handler]).call("stub", arguments: ["dryRun": 1], options: CallOptions())
            .output
        #expect(output?.outcome == .toolError)
        #expect(handler.applyCount == 0)
    }

    @Test func unknownToolIsADispatchError() async {
        await #expect(throws: DispatchError.self) {
            _ = try await makeDispatcher([]).call("nope", arguments: [:], options: CallOptions())
        }
    }

    @Test func digestDependsOnEveryEffectField() {
        let base = Plan(summary: "s", effects: [Effect(.write, "a", detail: "x")]) { _ in
            ToolOutput(text: "", structured: [:])
        }
        let otherKind = Plan(summary: "s", effects: [Effect(.overwrite, "a", detail: "x")]) { _ in
            ToolOutput(text: "", structured: [:])
        }
        let otherDetail = Plan(summary: "s", effects: [Effect(.write, "a", detail: "y")]) { _ in
            ToolOutput(text: "", structured: [:])
        }
        let otherSummary = Plan(summary: "t", effects: [Effect(.write, "a", detail: "x")]) { _ in
            ToolOutput(text: "", structured: [:])
        }
        #expect(base.digest != otherKind.digest)
        #expect(base.digest != otherDetail.digest)
        #expect(base.digest == otherSummary.digest)
    }
}

extension DispatcherGuardTests {
    @Test func confirmationForOneVersionOfAFileDoesNotCoverALaterEdit() async throws {
        let handler = StubHandler(effects: [Effect(.overwriteEdited, "notes.md", fingerprint: "v1")])
        let dispatcher = makeDispatcher([handler])
        let digest = try await refusalDigest(dispatcher)
        handler.setEffects([Effect(.overwriteEdited, "notes.md", fingerprint: "v2")])
        let output = try await dispatcher.call(
            "stub", arguments: ["confirm": ["digest": .string(digest), "phrase": .string(ConfirmationRequest.phrase)]],
            options: CallOptions()
        ).output
        #expect(output?.outcome == .confirmationNeeded)
        #expect(handler.applyCount == 0)
    }
}
