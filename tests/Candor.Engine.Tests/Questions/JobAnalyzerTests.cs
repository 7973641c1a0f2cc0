using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Questions;

public class JobAnalyzerTests
{
    private static readonly JobAnalyzer Analyzer = JobAnalyzer.Default;

    public static TheoryData<string, string, RoleFamily, Seniority> RealisticJobs => new()
    {
        {
            "Senior Backend Engineer",
            """
            We're hiring a Senior Backend Engineer to build the APIs behind our payments platform.
            You will design services in C# on .NET 8 and ASP.NET Core, store data in Postgres, and run
            everything on k8s in Azure. 5+ years building distributed systems; you mentor other engineers,
            care about CI/CD, observability and clean REST API design.
            """,
            RoleFamily.Backend, Seniority.Senior
        },
        {
            "Junior Frontend Developer",
            """
            Join our web team as a junior developer. You'll build UI components in React with TypeScript,
            write HTML and CSS (Tailwind), and learn to test with Jest and Playwright. 0-2 years of experience;
            a bootcamp or graduate background is welcome. We review every pull request together.
            """,
            RoleFamily.Frontend, Seniority.Junior
        },
        {
            "Data Engineer",
            """
            Build and own batch and streaming data pipelines. Our stack: Python, SQL, Apache Spark, Airflow,
            dbt and Snowflake, with Kafka for events. You model data for analytics, keep the data warehouse
            healthy and work with analysts on data quality. 3+ years in data engineering.
            """,
            RoleFamily.Data, Seniority.Mid
        },
        {
            "Site Reliability Engineer (SRE)",
            """
            Keep our platform fast and available. You'll run Kubernetes clusters on AWS with Terraform,
            build monitoring with Prometheus and Grafana, define SLOs, and join the on-call rotation.
            Strong Linux and networking skills; scripting in Go or Python. At least 5 years of experience.
            """,
            RoleFamily.DevOps, Seniority.Senior
        },
        {
            "iOS Developer",
            """
            Build our flagship iPhone app in Swift and SwiftUI. You know UIKit well, care about accessibility,
            ship through TestFlight and the App Store, and write tests with XCTest. 3 years of professional
            experience with native mobile apps.
            """,
            RoleFamily.Mobile, Seniority.Mid
        },
        {
            "Machine Learning Engineer",
            """
            Train, evaluate and deploy ML models for ranking and recommendations. You write Python daily,
            use PyTorch, manage experiments with MLflow, and put models into production with MLOps best
            practices on SageMaker. Experience with LLMs and RAG is a plus. 4+ years of experience.
            """,
            RoleFamily.MachineLearning, Seniority.Mid
        },
        {
            "Senior Product Manager",
            """
            Own the roadmap for our analytics product. You'll run discovery with customers, write PRDs and
            user stories, prioritise the backlog, define OKRs and measure outcomes with Amplitude and A/B testing.
            You work closely with engineering and design; SQL is a plus.
            """,
            RoleFamily.ProductManagement, Seniority.Senior
        },
        {
            "UX Designer",
            """
            Design end-to-end experiences for our mobile and web apps. You'll run user research and usability
            testing, create wireframes and prototypes in Figma, and contribute to our design system.
            A portfolio showing interaction design and visual design craft is required.
            """,
            RoleFamily.Design, Seniority.Mid
        },
        {
            "Account Executive, Mid-Market",
            """
            Run the full sales cycle from discovery calls to close. You'll prospect, run product demos, handle
            objections, negotiate contracts and forecast your pipeline accurately in Salesforce. Consistent quota
            attainment in B2B SaaS sales; MEDDIC experience preferred. 2+ years closing deals.
            """,
            RoleFamily.Sales, Seniority.Junior
        },
        {
            "Customer Success Manager",
            """
            Own a book of business of 40 enterprise accounts. Drive onboarding, product adoption and renewals,
            run QBRs, monitor health scores in Gainsight and work to reduce churn. You partner with Sales on
            upsell opportunities and bring the voice of the customer to Product.
            """,
            RoleFamily.CustomerSuccess, Seniority.Mid
        },
        {
            "Growth Marketing Manager",
            """
            Own acquisition across paid search, paid social and SEO. Plan campaigns, run A/B tests on landing
            pages, improve conversion rate optimization and report on CAC and ROAS with Google Analytics.
            Experience with HubSpot and lifecycle email marketing. 5+ years in B2B marketing.
            """,
            RoleFamily.Marketing, Seniority.Senior
        },
        {
            "Staff Software Engineer",
            """
            Set technical direction across teams. Deep experience with Go, gRPC, Kafka and PostgreSQL in
            distributed systems; you lead design reviews and mentor senior engineers.
            """,
            RoleFamily.Backend, Seniority.Lead
        },
    };

    [Theory]
    [MemberData(nameof(RealisticJobs))]
    public void Maps_realistic_jobs_to_family_and_seniority(string title, string description, RoleFamily family, Seniority seniority)
    {
        var analysis = Analyzer.Analyze(new JobDescription(title, description));

        var summary = $"{analysis.Family}/{analysis.Seniority} [{string.Join(", ", analysis.SeniorityCues)}] "
            + string.Join(", ", analysis.FamilyScores.Select(kv => $"{kv.Key}={kv.Value:0.00}"));
        analysis.Family.ShouldBe(family, summary);
        analysis.Seniority.ShouldBe(seniority, summary);
        analysis.Skills.ShouldNotBeEmpty();
        analysis.FamilyScores.Values.Sum().ShouldBe(1.0, tolerance: 1e-9);
        analysis.FamilyScores.Values.ShouldAllBe(v => v > 0 && v <= 1);
    }

    [Fact]
    public void Finds_the_backend_stack_with_canonical_names()
    {
        var analysis = Analyzer.Analyze(new JobDescription(
            "Senior Backend Engineer (C#/.NET)",
            "Build services in C# on .NET with Postgres and k8s. More C#, more Postgres."));

        analysis.Skills.Select(s => s.Name).ShouldBe(["C#", ".NET", "PostgreSQL", "Kubernetes"], ignoreOrder: true);
        analysis.Skills[0].Name.ShouldBe("C#");
        analysis.Skills.Single(s => s.Name == "Kubernetes").MatchedAs.ShouldBe("k8s");
    }

    [Fact]
    public void Title_mentions_weigh_more_than_description_mentions()
    {
        var analysis = Analyzer.Analyze(new JobDescription("Python Developer", "Python, SQL, SQL and SQL."));

        analysis.Skills.Single(s => s.Name == "Python").Mentions.ShouldBe(JobAnalyzer.TitleMentionWeight + 1);
        analysis.Skills[0].Name.ShouldBe("Python");
    }

    [Theory]
    [InlineData("Software Engineer", "Requires 7+ years of professional experience.", Seniority.Senior, "asks for 7+ years")]
    [InlineData("Software Engineer", "You have at least 8 years of experience.", Seniority.Senior, "asks for 8+ years")]
    [InlineData("Software Engineer", "3-5 years building web apps.", Seniority.Mid, "asks for 3-5 years")]
    [InlineData("Software Engineer", "An entry-level role for new grads.", Seniority.Junior, "description says 'entry-level'")]
    [InlineData("Software Engineer", "Manage a team of 6 engineers.", Seniority.Lead, "description says 'Manage a team of'")]
    [InlineData("Sr. Data Analyst", "", Seniority.Senior, "title says 'Sr.'")]
    [InlineData("Engineering Intern", "", Seniority.Junior, "title says 'Intern'")]
    [InlineData("Principal Engineer", "", Seniority.Lead, "title says 'Principal'")]
    [InlineData("Head of Marketing", "", Seniority.Lead, "title says 'Head of'")]
    [InlineData("Graduate Engineer", "0-2 years of experience.", Seniority.Junior, "asks for 0-2 years")]
    [InlineData("Software Engineer", "Build things.", Seniority.Mid, null)]
    public void Detects_seniority_from_cues(string title, string description, Seniority expected, string? cue)
    {
        var analysis = Analyzer.Analyze(new JobDescription(title, description));

        analysis.Seniority.ShouldBe(expected);
        if (cue is null)
        {
            analysis.SeniorityCues.ShouldBeEmpty();
        }
        else
        {
            analysis.SeniorityCues.ShouldContain(cue);
        }
    }

    [Fact]
    public void Title_seniority_beats_years_in_the_text()
    {
        var analysis = Analyzer.Analyze(new JobDescription("Senior Engineer", "2+ years of experience with APIs."));

        analysis.Seniority.ShouldBe(Seniority.Senior);
        analysis.SeniorityCues.ShouldBe(["title says 'Senior'", "asks for 2+ years"]);
    }

    [Fact]
    public void Lead_generation_is_not_a_lead_role()
    {
        var analysis = Analyzer.Analyze(new JobDescription("Lead Generation Specialist", "Run outbound campaigns."));

        analysis.Seniority.ShouldBe(Seniority.Mid);
        analysis.Family.ShouldBe(RoleFamily.Marketing);
    }

    [Fact]
    public void Explicit_seniority_overrides_cues()
    {
        var analysis = Analyzer.Analyze(new JobDescription(
            "Senior Backend Engineer", "10+ years of experience.", Seniority: Seniority.Junior));

        analysis.Seniority.ShouldBe(Seniority.Junior);
        analysis.SeniorityCues.ShouldBe(["set by the recruiter: Junior"]);
    }

    [Fact]
    public void Full_stack_titles_score_backend_and_frontend()
    {
        var analysis = Analyzer.Analyze(new JobDescription("Full-Stack Engineer", "Work across the product."));

        analysis.FamilyScores.Keys.ShouldBe([RoleFamily.Backend, RoleFamily.Frontend], ignoreOrder: true);
        analysis.Family.ShouldBe(RoleFamily.Backend); // a tie goes to the earlier family in the enum
    }

    [Fact]
    public void Data_scientist_scores_machine_learning_and_data()
    {
        var analysis = Analyzer.Analyze(new JobDescription("Data Scientist", "Statistics and experimentation."));

        analysis.FamilyScores.Keys.ShouldContain(RoleFamily.MachineLearning);
        analysis.FamilyScores.Keys.ShouldContain(RoleFamily.Data);
    }

    [Fact]
    public void Nothing_recognisable_is_general()
    {
        var analysis = Analyzer.Analyze(new JobDescription("Team Member", "Help us with various tasks."));

        analysis.Family.ShouldBe(RoleFamily.General);
        analysis.FamilyScores.ShouldBe(new Dictionary<RoleFamily, double> { [RoleFamily.General] = 1.0 });
        analysis.Skills.ShouldBeEmpty();
    }

    [Fact]
    public void Same_input_gives_identical_output()
    {
        var job = new JobDescription("Senior Go Engineer", "Go, gRPC, Kafka and Postgres. 6+ years. Customer obsession.");

        var first = new JobAnalyzer(SkillTaxonomy.Default).Analyze(job);
        var second = Analyzer.Analyze(job);

        second.Family.ShouldBe(first.Family);
        second.Seniority.ShouldBe(first.Seniority);
        second.Skills.ShouldBe(first.Skills);
        second.SeniorityCues.ShouldBe(first.SeniorityCues);
        second.FamilyScores.ToList().ShouldBe(first.FamilyScores.ToList());
    }
}
