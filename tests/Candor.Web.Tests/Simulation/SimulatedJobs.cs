using Candor.Engine.Questions;

namespace Candor.Web.Tests.Simulation;

/// <summary>A job a simulation interviews for, with a short key for tables.</summary>
public sealed record SimulatedJob(string Key, JobDescription Job, string OrganizationName = "Northwind Labs");

/// <summary>Realistic job descriptions across very different role families.</summary>
public static class SimulatedJobs
{
    public static readonly SimulatedJob Backend = new("backend", new JobDescription(
        "Senior Backend Engineer",
        """
        We are looking for a Senior Backend Engineer to design and run the services behind our payments platform.
        You will build REST APIs in C# and .NET, model data in PostgreSQL, and run microservices on Kubernetes.
        You care about reliability: observability, on-call, incident reviews, and performance tuning of slow queries.
        You will mentor engineers, review designs, and make pragmatic trade-offs between speed and correctness.
        Experience with message queues (Kafka or RabbitMQ), caching with Redis, and CI/CD pipelines is a plus.
        """,
        "fintech"));

    public static readonly SimulatedJob ProductManager = new("product", new JobDescription(
        "Product Manager",
        """
        As a Product Manager you will own the roadmap for our analytics product used by 2,000 B2B customers.
        You will run customer discovery interviews, turn insights into clear requirements and user stories,
        and prioritise ruthlessly with engineering and design. You define success metrics, run A/B tests,
        and communicate decisions to stakeholders and leadership. Experience with SaaS products, SQL for
        self-serve analysis, and agile delivery is expected.
        """,
        "software"));

    public static readonly SimulatedJob Sales = new("sales", new JobDescription(
        "Account Executive",
        """
        We are hiring an Account Executive to win new mid-market customers for our B2B SaaS platform.
        You will own the full sales cycle: prospecting, discovery calls, demos, negotiation and closing.
        You will build and manage your pipeline in Salesforce, forecast accurately, and hit a quarterly quota.
        You partner with customer success for smooth handovers, handle objections with empathy, and
        use a consultative selling approach such as MEDDICC or SPIN.
        """,
        "software"));

    public static readonly IReadOnlyList<SimulatedJob> All = [Backend, ProductManager, Sales];
}
