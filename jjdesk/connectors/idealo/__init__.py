"""idealo: offers over the Partner Web Service (PWS 2.0), orders over the Merchant Order API
(MOA 2.0). `IdealoChannel` implements `ProductChannel`, `IdealoOrders` `OrderSource`."""

from jjdesk.connectors.idealo.channel import IdealoChannel
from jjdesk.connectors.idealo.config import IdealoConfig
from jjdesk.connectors.idealo.orders import IdealoOrders

__all__ = ["IdealoChannel", "IdealoConfig", "IdealoOrders"]
