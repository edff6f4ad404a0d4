using System.Net.Http.Headers;
using System.Text;
using Mla.TestSupport.RabbitMq;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Fixtures;

[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqFixtureTests(RabbitMqFixture rabbitMq, ITestOutputHelper output)
{
    [Fact]
    public async Task Shared_broker_round_trips_a_message()
    {
        output.WriteLine(rabbitMq.Description);

        await RabbitMqRoundTrip.AssertAsync(rabbitMq.AmqpUri);
    }

    [Fact]
    public void Endpoint_parts_match_the_uri()
    {
        var factory = new ConnectionFactory { Uri = rabbitMq.AmqpUri };

        Assert.Equal(
            (rabbitMq.Host, rabbitMq.Port, rabbitMq.Username, rabbitMq.Password, rabbitMq.VirtualHost),
            (factory.HostName, factory.Port, factory.UserName, factory.Password, factory.VirtualHost));
    }

    [RabbitMqManagementFact]
    public async Task Management_api_answers_with_the_same_credentials()
    {
        Assert.NotNull(rabbitMq.ManagementUri);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(rabbitMq.ManagementUri!, "api/overview"));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbitMq.Username}:{rabbitMq.Password}")));
        using var response = await http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Contains("rabbitmq_version", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
