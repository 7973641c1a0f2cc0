using System.Text.RegularExpressions;
using Candor.Engine.Interviews;
using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Interviews;

/// <summary>Follow-up guides are notes to the interviewer; the candidate hears them as natural questions.</summary>
public partial class GuideProbesTests
{
    [Theory]
    [InlineData("Ask how they would count customers with zero orders.", "How would you count customers with zero orders?")]
    [InlineData("Ask what they would still transform before loading, and why.", "What would you still transform before loading, and why?")]
    [InlineData("Ask which change they would make in the first month and how they would know it worked.", "Which change would you make in the first month and how would you know it worked?")]
    [InlineData("Ask them to state the grain of a fact table for an online shop's orders.", "Could you state the grain of a fact table for an online shop's orders?")]
    [InlineData("Ask how the query behaves for a department with a single employee.", "Could you tell me how the query behaves for a department with a single employee?")]
    [InlineData("Ask for a concrete UI bug an index key would cause in a list with input fields.", "Could you tell me about a concrete UI bug an index key would cause in a list with input fields?")]
    [InlineData("Ask about a time bringing someone in too early or too late hurt a deal.", "Could you tell me about a time bringing someone in too early or too late hurt a deal?")]
    [InlineData("Probe for specifics: which stakeholder was hardest and what exactly they did about it.", "Could you tell me which stakeholder was hardest and what exactly you did about it?")]
    [InlineData("Probe what they personally did and what the result was, if missing.", "Could you tell me what you personally did and what the result was?")]
    [InlineData("Probe whether they would make the same call again and why.", "Would you make the same call again and why?")]
    [InlineData("Probe what they changed about themselves, not only what the other person changed.", "Could you tell me what you changed about yourself, not only what the other person changed?")]
    [InlineData("Probe for evidence that the change stuck over time.", "Could you tell me more about evidence that the change stuck over time?")]
    [InlineData("Ask how they would log out a user immediately after their account is compromised.", "How would you log out a user immediately after their account is compromised?")]
    [InlineData("Ask how they handle a customer who feels they are being upsold.", "Could you tell me how you handle a customer who feels they are being upsold?")]
    [InlineData("Probe how the affected people reacted and what they did to keep their trust.", "Could you tell me how the affected people reacted and what you did to keep their trust?")]
    [InlineData("Ask how an attacker could still inject script through a URL such as a javascript: link.", "Could you tell me how an attacker could still inject script through a URL such as a javascript: link?")]
    [InlineData("Ask 'Why should I believe this new date?' and see how they build credibility.", "Why should I believe this new date?")]
    [InlineData("What would you look at once you had the plan in front of you?", "What would you look at once you had the plan in front of you?")]
    public void A_guide_note_becomes_a_question_to_the_candidate(string guide, string expected) =>
        GuideProbes.ToQuestion(guide).ShouldBe(expected);

    [Theory]
    [InlineData("Threaten to walk away and see whether they hold their position or give everything.")]
    [InlineData("Reply 'I'm not interested, send me an email' and see how they respond.")]
    [InlineData("Clarify the business goal behind each request.")]
    [InlineData("")]
    public void Stage_directions_and_notes_are_not_probes(string guide) =>
        GuideProbes.ToQuestion(guide).ShouldBeNull();

    [Fact]
    public void Every_probe_in_the_bank_reads_as_a_question_addressed_to_the_candidate()
    {
        var probes = QuestionBank.Default.Questions.SelectMany(q => GuideProbes.Questions(q.FollowUpGuide)).ToList();
        probes.Count.ShouldBeGreaterThan(250, "almost every bank guide is a usable probe");
        foreach (var probe in probes)
        {
            probe.ShouldEndWith("?");
            char.IsUpper(probe[0]).ShouldBeTrue(probe);
            LeftInThirdPerson().IsMatch(probe).ShouldBeFalse(probe);
            InterviewerNote().IsMatch(probe).ShouldBeFalse(probe);
        }
    }

    // The candidate addressed as "they" right after the question word: "how they would", "what they did".
    [GeneratedRegex(@"^(?:\w+\s+){0,4}?(?:how|what|which|why|whether)\s+they\b|\bthe candidate\b", RegexOptions.IgnoreCase)]
    private static partial Regex LeftInThirdPerson();

    [GeneratedRegex(@"^(?:Ask|Probe)\b|\bif missing\b|\band see how\b", RegexOptions.IgnoreCase)]
    private static partial Regex InterviewerNote();
}
