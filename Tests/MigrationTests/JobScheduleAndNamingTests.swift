import Testing

@testable import Migration

/// The small analysers the job translation relies on: Quartz frequency, `{{…}}` references, AIDP
/// names and command lines.
@Suite struct JobScheduleAndNamingTests {
    @Test(arguments: [
        ("0 */5 * * * ?", 300),
        ("0 0/5 * * * ?", 300),
        ("0 30 2 * * ?", 86_400),
        ("*/20 * * * * ?", 20),
        ("0 0,45 * * * ?", 900),
        ("0 0 8-18/2 ? * MON-FRI", 7200),
        ("0 0 23,1 * * ?", 7200),
        ("0 0 22-2 * * ?", 3600),
        ("0 15 10 ? * 6L 2030", 86_400),
        ("0 10/20 * * * ?", 1200),
        ("0 0/30 9-17 * * ?", 1800),
        ("0 59 23 * * ?", 86_400),
    ])
    func quartzMinimumInterval(expression: String, seconds: Int) throws {
        #expect(try QuartzCron(expression).minimumIntervalSeconds == seconds)
    }

    @Test func quartzFieldsExpand() throws {
        let cron = try QuartzCron("5 0/20 22-1 ? * MON")
        #expect(cron.seconds == [5])
        #expect(cron.minutes == [0, 20, 40])
        #expect(cron.hours == [0, 1, 22, 23])
        #expect(cron.dayOfWeek == "MON" && cron.dayOfMonth == "?" && cron.year == nil)
        #expect(cron.timesOfDay.first == 5)
    }

    @Test(arguments: [
        ("0 */5 * * *", "6 or 7 fields"),
        ("0 0 6 * * *", "exactly one of day-of-month"),
        ("0 0 6 ? * ?", "exactly one of day-of-month"),
        ("60 0 6 * * ?", "'60' is not a number from 0 to 59"),
        ("0 0 24 * * ?", "'24' is not a number from 0 to 23"),
        ("0 */0 * * * ?", "step '0' is not a positive number"),
        ("0 1/2/3 * * * ?", "more than one '/'"),
        ("0 a * * * ?", "'a' is not a number"),
        ("0 1,,2 * * * ?", "'' is not a number"),
    ])
    func quartzRejects(expression: String, message: String) {
        #expect(throws: QuartzCron.ParseError.self) { try QuartzCron(expression) }
        do {
            _ = try QuartzCron(expression)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func intervalsReadAsPeopleSayThem() {
        #expect(QuartzCron.describe(seconds: 300) == "5 min")
        #expect(QuartzCron.describe(seconds: 90) == "1 min 30 s")
        #expect(QuartzCron.describe(seconds: 5400) == "1 h 30 min")
        #expect(QuartzCron.describe(seconds: 0) == "0 s")
    }

    @Test func dynamicReferencesAreFoundAndJudged() {
        #expect(DynamicReferences.references(in: "{{job.id}}-{{ job.run_id }}/{{open") == ["job.id", "job.run_id"])
        #expect(DynamicReferences.references(in: "{{{x}}}|{{\t y\t}}|{{\u{00A0}é\u{00A0}}}|plain") == ["{x", "y", "é"])
        #expect(DynamicReferences.references(in: "}}{{") == [])
        #expect(
            DynamicReferences.unsupported(in: "{{job.id}} {{job.parameters.env}} {{task.name}} {{job.repair_count}}")
                .isEmpty)
        #expect(DynamicReferences.unsupported(in: "{{job.trigger.type}} {{task.run_id}} {{job.name}}").isEmpty)
        #expect(
            DynamicReferences.unsupported(
                in: "{{job.start_time.iso_date}} {{tasks.a.values.b}} {{job.start_time.iso_date}} {{job.parameters.}}")
                == ["{{job.start_time.iso_date}}", "{{tasks.a.values.b}}", "{{job.parameters.}}"])
        #expect(DynamicReferences.unsupported(in: "plain {literal}").isEmpty)
    }

    @Test func aidpJobNamesStartWithALetter() {
        #expect(AIDPJobTranslator.aidpJobName("nightly_sales.v2") == "nightly_sales.v2")
        #expect(AIDPJobTranslator.aidpJobName("inventory-restock nightly") == "inventory_restock_nightly")
        #expect(AIDPJobTranslator.aidpJobName("2024 close") == "job_2024_close")
        #expect(AIDPJobTranslator.aidpJobName("_private") == "job__private")
        #expect(AIDPJobTranslator.aidpJobName("\u{65E5}\u{672C}") == "job___")
        #expect(AIDPJobTranslator.aidpJobName("") == "job")
    }

    @Test func commandLinesQuoteOnlyWhatTheShellWouldSplit() {
        #expect(
            AIDPJobTranslator.shellJoin(["--env", "prod", "a=b,c", "/x/y.py", "user@host:1"])
                == "--env prod a=b,c /x/y.py user@host:1")
        #expect(
            AIDPJobTranslator.shellJoin(["two words", "", "it's", "$HOME", "{{x}}"])
                == "'two words' '' 'it'\\''s' '$HOME' '{{x}}'")
        #expect(AIDPJobTranslator.shellJoin([]) == "")
    }
}
