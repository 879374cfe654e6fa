using Slipway.Locking;

namespace Slipway.Tests;

public sealed class LockPollingTests
{
    [Fact]
    public void Waiters_poll_every_50_ms_at_first_and_back_off_to_250_ms_with_jitter()
    {
        var first = Enumerable.Range(0, 200).Select(_ => LockPolling.PollAfter(0).TotalMilliseconds).ToList();
        var late = Enumerable.Range(0, 200).Select(_ => LockPolling.PollAfter(1000).TotalMilliseconds).ToList();

        Assert.All(first, ms => Assert.InRange(ms, 37.5, 62.5));
        Assert.All(late, ms => Assert.InRange(ms, 187.5, 312.5));
        // Jittered: many waiters do not poll in step.
        Assert.True(first.Distinct().Count() > 100);
        Assert.True(LockPolling.PollAfter(3).TotalMilliseconds > 100);
    }

    [Fact]
    public void A_wait_budget_that_is_spent_leaves_zero_and_an_infinite_one_stays_infinite()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), LockPolling.Remaining(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.Zero, LockPolling.Remaining(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7)));
        Assert.Equal(Timeout.InfiniteTimeSpan, LockPolling.Remaining(Timeout.InfiniteTimeSpan, TimeSpan.FromHours(1)));
    }
}
