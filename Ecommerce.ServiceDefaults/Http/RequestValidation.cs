using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>A request body, header set or query string that <see cref="RequestValidation"/> checks before its endpoint runs.</summary>
public interface IValidatableRequest
{
    /// <summary>The 400 problem's <c>detail</c> when the request is not valid, such as "The product is not valid.".</summary>
    string InvalidDetail { get; }

    ValidationErrors Validate();
}

/// <summary>
/// A query string bound as text, validated as it is parsed: <see cref="Validate(ValidationErrors)"/> reports what is wrong
/// and returns the typed values, which the endpoint reads with <see cref="RequestValidation.Validated{T}"/>.
/// </summary>
public interface IValidatableQuery<out T> : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The query string is not valid.";

    T Validate(ValidationErrors errors);

    ValidationErrors IValidatableRequest.Validate()
    {
        var errors = new ValidationErrors();
        Validate(errors);
        return errors;
    }
}

public static class RequestValidation
{
    /// <summary>
    /// Answers a 400 validation problem, before the handler runs, for an endpoint whose request is not valid: every
    /// parameter that is an <see cref="IValidatableRequest"/> is checked, the first invalid one answers. Declared on a
    /// group, it covers each endpoint of it; one without such a parameter runs unfiltered.
    /// </summary>
    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var validated = factory.MethodInfo.GetParameters()
                .Where(parameter => parameter.ParameterType.IsAssignableTo(typeof(IValidatableRequest)))
                .Select(parameter => parameter.Position)
                .ToList();
            if (validated.Count == 0)
            {
                return next;
            }

            return context =>
            {
                foreach (var position in validated)
                {
                    if (context.Arguments[position] is IValidatableRequest request && request.Validate() is { IsEmpty: false } errors)
                    {
                        return ValueTask.FromResult<object?>(ApiProblems.Validation(errors, request.InvalidDetail));
                    }
                }

                return next(context);
            };
        });

    /// <summary>The typed values of a query the endpoint's filter found valid.</summary>
    public static T Validated<T>(this IValidatableQuery<T> query)
    {
        var errors = new ValidationErrors();
        var values = query.Validate(errors);
        return errors.IsEmpty ? values : throw new InvalidOperationException("The query was not validated: declare WithRequestValidation on its endpoint.");
    }
}
